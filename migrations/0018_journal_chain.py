from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise import fields
from tortoise.indexes import Index

# The seals are as append-only as the journals they seal (the same triggers as 0005).
POSTGRES_UP = """
CREATE TRIGGER journal_seals_append_only BEFORE UPDATE OR DELETE ON journal_seals
FOR EACH ROW EXECUTE FUNCTION copp_journal_append_only();
"""
POSTGRES_DOWN = "DROP TRIGGER IF EXISTS journal_seals_append_only ON journal_seals;"
SQLITE_UP = "".join(
    f"CREATE TRIGGER journal_seals_no_{verb.lower()} BEFORE {verb} ON journal_seals "
    f"BEGIN SELECT RAISE(ABORT, 'journal journal_seals is append-only'); END;\n"
    for verb in ("UPDATE", "DELETE"))
SQLITE_DOWN = "".join(f"DROP TRIGGER IF EXISTS journal_seals_no_{verb.lower()};\n"
                      for verb in ("UPDATE", "DELETE"))


async def forward(apps, schema_editor):
    script = POSTGRES_UP if schema_editor.DIALECT == "postgres" else SQLITE_UP
    await schema_editor.client.execute_script(script)


async def backward(apps, schema_editor):
    script = POSTGRES_DOWN if schema_editor.DIALECT == "postgres" else SQLITE_DOWN
    await schema_editor.client.execute_script(script)


class Migration(migrations.Migration):
    dependencies = [('models', '0017_inbox_one_lease_per_user')]

    initial = False

    operations = [
        ops.CreateModel(
            name='JournalSeal',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('journal', fields.CharField(max_length=32)),
                ('row_id', fields.BigIntField()),
                ('digest', fields.CharField(max_length=64)),
                ('sealed_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'journal_seals', 'app': 'models', 'unique_together': (('journal', 'row_id'),), 'pk_attr': 'id', 'table_description': "A link of a journal's hash chain: sha256 of the previous link and the row's every column."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='MaintenanceRun',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharField(max_length=16)),
                ('ok', fields.BooleanField()),
                ('finished_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('details', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
            ],
            options={'table': 'maintenance_runs', 'app': 'models', 'indexes': [Index(fields=['kind', 'finished_at'])], 'pk_attr': 'id', 'table_description': 'The outcome of a backup or a verification, for the dashboard (no personal data).'},
            bases=['Model'],
        ),
        ops.RunPython(forward, backward),
    ]
