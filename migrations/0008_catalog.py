from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0007_career_compass')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Competency',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(unique=True, max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'competencies', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A skill area programs teach («Сварочные технологии», «Бухучёт / 1С»).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Program',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=64)),
                ('title', fields.CharField(max_length=300)),
                ('type', fields.CharField(max_length=24)),
                ('competency', fields.ForeignKeyField('models.Competency', source_field='competency_id', null=True, db_constraint=True, to_field='id', related_name='programs', on_delete=OnDelete.SET_NULL)),
                ('form', fields.CharField(max_length=16)),
                ('distance', fields.BooleanField(default=False)),
                ('hours', fields.IntField()),
                ('price', fields.IntField(default=0)),
                ('free_for', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('municipality', fields.ForeignKeyField('models.Municipality', source_field='municipality_id', null=True, db_constraint=True, to_field='id', related_name='programs', on_delete=OnDelete.RESTRICT)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name='programs', on_delete=OnDelete.RESTRICT)),
                ('start_date', fields.DateField(null=True)),
                ('document', fields.CharField(max_length=200)),
                ('description', fields.TextField(default='', unique=False)),
                ('requirements', fields.TextField(default='', unique=False)),
                ('url', fields.CharField(default='', max_length=500)),
                ('status', fields.CharField(default='draft', max_length=12)),
                ('is_demo', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'programs', 'app': 'models', 'indexes': [Index(fields=['status', 'type'])], 'pk_attr': 'id', 'table_description': 'An educational program (273-FZ), keyed by the external `code` imports update.'},
            bases=['Model'],
        ),
    ]
