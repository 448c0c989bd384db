from tortoise import migrations
from tortoise.migrations import operations as ops

# The journals are append-only in the database itself, not only in the panel (FSTEC RSB.7):
# an UPDATE or DELETE of a journal row fails whoever runs it.
TABLES = ("audit_events", "sign_in_events")

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION copp_journal_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'journal % is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
""" + "".join(
    f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
    f"FOR EACH ROW EXECUTE FUNCTION copp_journal_append_only();\n" for table in TABLES)

POSTGRES_DOWN = "".join(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};\n"
                        for table in TABLES) + "DROP FUNCTION IF EXISTS copp_journal_append_only();"

SQLITE_UP = "".join(
    f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
    f"BEGIN SELECT RAISE(ABORT, 'journal {table} is append-only'); END;\n"
    for table in TABLES for verb in ("UPDATE", "DELETE"))

SQLITE_DOWN = "".join(f"DROP TRIGGER IF EXISTS {table}_no_{verb.lower()};\n"
                      for table in TABLES for verb in ("UPDATE", "DELETE"))


async def forward(apps, schema_editor):
    script = POSTGRES_UP if schema_editor.DIALECT == "postgres" else SQLITE_UP
    await schema_editor.client.execute_script(script)


async def backward(apps, schema_editor):
    script = POSTGRES_DOWN if schema_editor.DIALECT == "postgres" else SQLITE_DOWN
    await schema_editor.client.execute_script(script)


class Migration(migrations.Migration):
    dependencies = [('models', '0004_municipalities_data')]

    initial = False

    operations = [
        ops.RunPython(forward, backward),
    ]
