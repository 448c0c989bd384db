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


# Words of the programs each activity of «Компас профессий» is about, by the item's opening.
TOPICS = {
    "Собрать стеллаж": "плотник, столяр, мебель",
    "Найти и устранить неисправность": "автомеханик, ремонт автомобилей, моторист",
    "Сварить металлическую": "сварщик, сварка, электрогазосварщик",
    "Управлять лесозаготовительной": "погрузчик, харвестер, форвардер, лесозаготовка",
    "Проложить электропроводку": "электромонтаж, электрик, электромонтёр",
    "Сделать стрижку": "парикмахер, стрижка, барбер",
    "Придумать новый десерт": "кондитер, десерт",
    "Помогать пожилому": "сиделка, уход",
    "Провести тренировку": "тренер, инструктор",
    "Вести учёт товаров": "склад, кладовщик",
    "Рассчитать стоимость перевозки": "логист, экспедитор",
    "Оформить интерьер": "интерьер",
    "Придумать логотип": "графический дизайн, логотип",
    "Снять и смонтировать": "видеомонтаж, видео",
    "Сделать лабораторный анализ": "лаборант, химический анализ",
    "Найти ошибку в программе": "программист, тестировщик",
}


async def fill_topics(apps, schema_editor) -> None:
    item = apps.get_model("models", "CareerItem")
    for row in await item.all().only("id", "text_ru"):
        topics = next((v for k, v in TOPICS.items() if row.text_ru.startswith(k)), "")
        if topics:
            await item.filter(id=row.id).update(topics=topics)


async def nothing(apps, schema_editor) -> None:
    pass


class Migration(migrations.Migration):
    dependencies = [('models', '0014_staff_chat_links')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Event',
            name='questions_en',
            field=fields.JSONField(default=list, db_default=[]),
        ),
        ops.AddField(
            model_name='Broadcast',
            name='text_en',
            field=fields.TextField(default="", db_default=""),
        ),
        ops.AddField(
            model_name='BroadcastRecipient',
            name='locale',
            field=fields.CharField(default="ru", db_default="ru", max_length=8),
        ),
        ops.AddField(
            model_name='Survey',
            name='title_en',
            field=fields.CharField(default="", db_default="", max_length=200),
        ),
        ops.AddField(
            model_name='Survey',
            name='intro_en',
            field=fields.TextField(default="", db_default=""),
        ),
        ops.AddField(
            model_name='SurveyQuestion',
            name='text_en',
            field=fields.CharField(default="", db_default="", max_length=500),
        ),
        ops.AddField(
            model_name='SurveyQuestion',
            name='options_en',
            field=fields.JSONField(default=list, db_default=[]),
        ),
        ops.AddField(
            model_name='SurveyQuestion',
            name='subscribes',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddField(
            model_name='CareerItem',
            name='topics',
            field=fields.CharField(default="", db_default="", max_length=300),
        ),
        ops.RunPython(flag_mailing_offers, nothing),
        ops.RunPython(fill_topics, nothing),
    ]
