from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0015_english_versions')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SearchSynonym',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('phrase', fields.CharField(unique=True, max_length=100)),
                ('competency', fields.ForeignKeyField('models.Competency', source_field='competency_id', null=True, db_constraint=True, to_field='id', related_name='synonyms', on_delete=OnDelete.CASCADE)),
                ('words', fields.CharField(default='', max_length=100)),
                ('created_by', fields.CharField(max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'search_synonyms', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A phrase staff taught the search, as a line of lexicon.tsv does («мастер на все руки»).'},
            bases=['Model'],
        ),
    ]
