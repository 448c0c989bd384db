from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0005_journals_append_only')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CareerTest',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('slug', fields.CharField(unique=True, max_length=32)),
                ('title_ru', fields.CharField(max_length=100)),
                ('title_en', fields.CharField(max_length=100)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'career_tests', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A career-guidance test. Its items live in versions, and results keep their version.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CareerTestVersion',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('test', fields.ForeignKeyField('models.CareerTest', source_field='test_id', db_constraint=True, to_field='id', related_name='versions', on_delete=OnDelete.CASCADE)),
                ('number', fields.SmallIntField()),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'career_test_versions', 'app': 'models', 'unique_together': (('test_id', 'number'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CareerItem',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('version', fields.ForeignKeyField('models.CareerTestVersion', source_field='version_id', db_constraint=True, to_field='id', related_name='items', on_delete=OnDelete.CASCADE)),
                ('position', fields.SmallIntField()),
                ('type', fields.CharField(max_length=1)),
                ('sector', fields.CharField(max_length=32)),
                ('text_ru', fields.CharField(max_length=300)),
                ('text_en', fields.CharField(max_length=300)),
            ],
            options={'table': 'career_items', 'app': 'models', 'unique_together': (('version_id', 'position'),), 'pk_attr': 'id', 'table_description': 'One work activity: «Интересно / Не знаю / Неинтересно».'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CareerResult',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='career_results', on_delete=OnDelete.CASCADE)),
                ('version', fields.ForeignKeyField('models.CareerTestVersion', source_field='version_id', db_constraint=True, to_field='id', related_name='results', on_delete=OnDelete.RESTRICT)),
                ('started_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('finished_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('answers', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('scores', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('code', fields.CharField(max_length=16)),
                ('flags', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
            ],
            options={'table': 'career_results', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A finished test: answers, scores and flags, with the version it was taken in.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CareerAttempt',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='career_attempts', on_delete=OnDelete.CASCADE)),
                ('version', fields.ForeignKeyField('models.CareerTestVersion', source_field='version_id', db_constraint=True, to_field='id', related_name='attempts', on_delete=OnDelete.RESTRICT)),
                ('started_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('reached', fields.SmallIntField(default=0)),
                ('result', fields.ForeignKeyField('models.CareerResult', source_field='result_id', null=True, db_constraint=True, to_field='id', related_name='attempt', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'career_attempts', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A test being taken: how far it got, so staff see completion and where people stop.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CareerTypeText',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('version', fields.ForeignKeyField('models.CareerTestVersion', source_field='version_id', db_constraint=True, to_field='id', related_name='type_texts', on_delete=OnDelete.CASCADE)),
                ('type', fields.CharField(max_length=1)),
                ('name_ru', fields.CharField(max_length=40)),
                ('name_en', fields.CharField(max_length=40)),
                ('about_ru', fields.TextField(unique=False)),
                ('about_en', fields.TextField(unique=False)),
                ('professions_ru', fields.TextField(unique=False)),
                ('professions_en', fields.TextField(unique=False)),
            ],
            options={'table': 'career_type_texts', 'app': 'models', 'unique_together': (('version_id', 'type'),), 'pk_attr': 'id', 'table_description': 'What a type is called and what its people enjoy, per version and language.'},
            bases=['Model'],
        ),
    ]
