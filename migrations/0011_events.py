from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index


def default_reminders():  # a copy: migrations do not import the models of today
    return [24, 2]


class Migration(migrations.Migration):
    dependencies = [('models', '0010_competencies_data')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Event',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharField(max_length=16)),
                ('title', fields.CharField(max_length=200)),
                ('description', fields.TextField(default='', unique=False)),
                ('audience', fields.CharField(default='', max_length=200)),
                ('municipality_id', fields.IntField(null=True)),
                ('competency_id', fields.IntField(null=True)),
                ('venue', fields.CharField(default='', max_length=300)),
                ('online_url', fields.CharField(default='', max_length=500)),
                ('starts_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('ends_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('capacity', fields.IntField()),
                ('taken', fields.IntField(default=0)),
                ('registration_deadline', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('cancellation_deadline', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('min_age', fields.SmallIntField(null=True)),
                ('max_age', fields.SmallIntField(null=True)),
                ('approval_required', fields.BooleanField(default=False)),
                ('questions', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('reminder_hours', fields.JSONField(default=default_reminders, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('offer_hours', fields.SmallIntField(default=24)),
                ('survey_url', fields.CharField(default='', max_length=500)),
                ('status', fields.CharField(default='draft', max_length=12)),
                ('organization_id', fields.IntField(null=True)),
                ('is_demo', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'events', 'app': 'models', 'indexes': [Index(fields=['status', 'starts_at'])], 'pk_attr': 'id', 'table_description': 'A career trial, open day, master class, excursion, job fair or consultation.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Registration',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('event', fields.ForeignKeyField('models.Event', source_field='event_id', db_constraint=True, to_field='id', related_name='registrations', on_delete=OnDelete.CASCADE)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='registrations', on_delete=OnDelete.CASCADE)),
                ('status', fields.CharField(max_length=12)),
                ('ticket', fields.CharField(unique=True, max_length=32)),
                ('answers', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('channel', fields.CharField(max_length=16)),
                ('waiting_since', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('offer_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('checked_in_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('is_demo', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'registrations', 'app': 'models', 'unique_together': (('event_id', 'user_id'),), 'indexes': [Index(fields=['event_id', 'status'])], 'pk_attr': 'id', 'table_description': 'One resident at one event: a seat, a place in the waiting list, or a past one.'},
            bases=['Model'],
        ),
    ]
