from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0012_broadcasts')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Survey',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('title', fields.CharField(max_length=200)),
                ('intro', fields.TextField(default='', unique=False)),
                ('anonymous', fields.BooleanField(default=False)),
                ('allow_many', fields.BooleanField(default=False)),
                ('opens_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('closes_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('audience', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('status', fields.CharField(default='draft', max_length=12)),
                ('is_demo', fields.BooleanField(default=False)),
                ('created_by', fields.CharField(default='', max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'surveys', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A questionnaire residents answer in the bot (labour-market studies, event feedback).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SurveyParticipation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('survey', fields.ForeignKeyField('models.Survey', source_field='survey_id', db_constraint=True, to_field='id', related_name='participations', on_delete=OnDelete.CASCADE)),
                ('user_id', fields.IntField()),
                ('completed', fields.IntField(default=0)),
                ('response_id', fields.IntField(null=True)),
            ],
            options={'table': 'survey_participations', 'app': 'models', 'unique_together': (('survey_id', 'user_id'),), 'pk_attr': 'id', 'table_description': 'That a resident answered a survey — kept apart from what they answered, so one'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SurveyQuestion',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('survey', fields.ForeignKeyField('models.Survey', source_field='survey_id', db_constraint=True, to_field='id', related_name='questions', on_delete=OnDelete.CASCADE)),
                ('position', fields.SmallIntField()),
                ('kind', fields.CharField(max_length=8)),
                ('text', fields.CharField(max_length=500)),
                ('options', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('required', fields.BooleanField(default=True)),
                ('show_if_position', fields.SmallIntField(null=True)),
                ('show_if_answer', fields.CharField(null=True, max_length=200)),
            ],
            options={'table': 'survey_questions', 'app': 'models', 'unique_together': (('survey_id', 'position'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SurveyResponse',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('survey', fields.ForeignKeyField('models.Survey', source_field='survey_id', db_constraint=True, to_field='id', related_name='responses', on_delete=OnDelete.CASCADE)),
                ('user_id', fields.IntField(null=True)),
                ('status', fields.CharField(default='partial', max_length=8)),
                ('answers', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('channel', fields.CharField(max_length=16)),
                ('municipality_id', fields.IntField(null=True)),
                ('age_group', fields.CharField(null=True, max_length=8)),
                ('started_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('completed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'survey_responses', 'app': 'models', 'indexes': [Index(fields=['survey_id', 'status'])], 'pk_attr': 'id', 'table_description': 'One filling-in of a survey. Anonymous ones carry no link to the person.'},
            bases=['Model'],
        ),
    ]
