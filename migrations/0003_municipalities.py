from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0002_admin_accounts')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Municipality',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(unique=True, max_length=64)),
                ('kind', fields.CharField(max_length=32)),
                ('centre', fields.CharField(max_length=64)),
                ('position', fields.SmallIntField()),
                ('in_public_filters', fields.BooleanField(default=True)),
            ],
            options={'table': 'municipalities', 'app': 'models', 'pk_attr': 'id', 'table_description': "One of the region's municipalities (reference data, loaded by a migration)."},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='User',
            name='municipality_id',
            field=fields.IntField(null=True, db_index=True),
        ),
    ]
