import re

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

# Until this migration the survey question offering mailings was recognised by its wording;
# from now on staff tick it in the panel. Existing ones get the flag.
MAILING_OFFER = re.compile(r"рассказать\b.*\bо новых курсах", re.I)


async def flag_mailing_offers(apps, schema_editor) -> None:
    question = apps.get_model("models", "SurveyQuestion")
    for row in await question.filter(kind="single").only("id", "text"):
        if MAILING_OFFER.search(row.text):
            await question.filter(id=row.id).update(subscribes=True)


async def nothing(apps, schema_editor) -> None:
    pass


class Migration(migrations.Migration):
    dependencies = [('models', '0014_staff_chat_links')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Event',
            name='questions_en',
            field=fields.JSONField(default=list),
        ),
        ops.AddField(
            model_name='Broadcast',
            name='text_en',
            field=fields.TextField(default=""),
        ),
        ops.AddField(
            model_name='BroadcastRecipient',
            name='locale',
            field=fields.CharField(default="ru", max_length=8),
        ),
        ops.AddField(
            model_name='Survey',
            name='title_en',
            field=fields.CharField(default="", max_length=200),
        ),
        ops.AddField(
            model_name='Survey',
            name='intro_en',
            field=fields.TextField(default=""),
        ),
        ops.AddField(
            model_name='SurveyQuestion',
            name='text_en',
            field=fields.CharField(default="", max_length=500),
        ),
        ops.AddField(
            model_name='SurveyQuestion',
            name='options_en',
            field=fields.JSONField(default=list),
        ),
        ops.AddField(
            model_name='SurveyQuestion',
            name='subscribes',
            field=fields.BooleanField(default=False),
        ),
        ops.RunPython(flag_mailing_offers, nothing),
    ]
