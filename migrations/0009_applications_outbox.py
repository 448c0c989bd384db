from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index


async def stamp_published(apps, schema_editor):
    program = apps.get_model("models", "Program")
    for row in await program.filter(status="published", published_at__isnull=True):
        await program.filter(id=row.id).update(published_at=row.updated_at)


async def nothing(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [('models', '0008_catalog')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Application',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='applications', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=16)),
                ('program', fields.ForeignKeyField('models.Program', source_field='program_id', null=True, db_constraint=True, to_field='id', related_name='applications', on_delete=OnDelete.RESTRICT)),
                ('status', fields.CharField(default='new', max_length=12)),
                ('channel', fields.CharField(max_length=16)),
                ('is_demo', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'applications', 'app': 'models', 'indexes': [Index(fields=['status', 'created_at'])], 'pk_attr': 'id', 'table_description': 'A resident asks to study a program or to talk to a career counsellor.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CareerTypeCompetency',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('test', fields.ForeignKeyField('models.CareerTest', source_field='test_id', db_constraint=True, to_field='id', related_name='competency_weights', on_delete=OnDelete.CASCADE)),
                ('type', fields.CharField(max_length=1)),
                ('competency', fields.ForeignKeyField('models.Competency', source_field='competency_id', db_constraint=True, to_field='id', related_name='career_weights', on_delete=OnDelete.CASCADE)),
                ('weight', fields.SmallIntField(default=1)),
            ],
            options={'table': 'career_type_competencies', 'app': 'models', 'unique_together': (('test_id', 'type', 'competency_id'),), 'pk_attr': 'id', 'table_description': 'How strongly a career type points to a competency (1 a little … 3 strongly).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OutboxMessage',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('platform', fields.CharField(max_length=16)),
                ('address', fields.CharField(max_length=64)),
                ('user_id', fields.IntField(null=True)),
                ('key', fields.CharField(unique=True, max_length=96)),
                ('text', fields.TextField(unique=False)),
                ('button', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('status', fields.CharField(default='pending', max_length=12)),
                ('attempts', fields.SmallIntField(default=0)),
                ('lease_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('error', fields.CharField(null=True, max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'outbox_messages', 'app': 'models', 'indexes': [Index(fields=['platform', 'status'])], 'pk_attr': 'id', 'table_description': "A message the platform starts (not an answer): sent by the channel's deliverer."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ProgramSubscription',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='program_subscriptions', on_delete=OnDelete.CASCADE)),
                ('query', fields.CharField(max_length=200)),
                ('label', fields.CharField(max_length=200)),
                ('filters', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('checked_until', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'program_subscriptions', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A resident wants to hear of new programs matching a search.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Organization',
            name='is_demo',
            field=fields.BooleanField(default=False),
        ),
        ops.AddField(
            model_name='Program',
            name='published_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='User',
            name='age_group',
            field=fields.CharField(null=True, max_length=8),
        ),
        ops.AddField(
            model_name='User',
            name='full_name',
            field=fields.CharField(null=True, max_length=200),
        ),
        ops.AddField(
            model_name='User',
            name='phone',
            field=fields.CharField(null=True, max_length=20),
        ),
        ops.RunPython(stamp_published, nothing),
    ]
