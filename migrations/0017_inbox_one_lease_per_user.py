from tortoise import migrations
from tortoise.migrations import operations as ops

# One update of a user is leased at a time: an update is now stored already leased when its user
# has nothing unfinished, and this index makes a second process storing one of the same user at
# that moment fall back to `pending`. Older rows that break the rule (none in normal operation)
# go back to `pending` first.
UP = """
UPDATE inbox_updates SET status = 'pending', lease_until = NULL
WHERE status = 'processing' AND id NOT IN (
    SELECT MIN(id) FROM inbox_updates WHERE status = 'processing' GROUP BY user_key);
CREATE UNIQUE INDEX inbox_updates_one_lease_per_user ON inbox_updates (user_key)
WHERE status = 'processing';
"""
DOWN = "DROP INDEX IF EXISTS inbox_updates_one_lease_per_user;"


async def forward(apps, schema_editor):
    await schema_editor.client.execute_script(UP)


async def backward(apps, schema_editor):
    await schema_editor.client.execute_script(DOWN)


class Migration(migrations.Migration):
    dependencies = [('models', '0016_search_synonyms')]

    initial = False

    operations = [
        ops.RunPython(forward, backward),
    ]
