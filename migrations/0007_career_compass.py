from tortoise import migrations
from tortoise.migrations import operations as ops

# «Компас профессий» v1: our own wording (DOMAIN.md, item bank v0), to be reviewed by a
# career counsellor. Order R, I, A, S, E, C repeated five times; each item has a sector tag.
ITEMS = [
    ("R", "строительство", "Собрать стеллаж или шкаф по чертежу",
     "Assemble a shelf or a cupboard from a drawing"),
    ("I", "природа", "Выяснить, почему в реке меняется уровень воды, и проверить догадку замерами",
     "Find out why the water level in a river changes, and test your guess with measurements"),
    ("A", "медиа", "Снять и смонтировать короткий ролик о своём городе",
     "Shoot and edit a short video about your town"),
    ("S", "образование", "Объяснить младшим школьникам трудную тему так, чтобы всем стало понятно",
     "Explain a hard topic to younger pupils so that everyone understands"),
    ("E", "сервис/туризм", "Организовать ярмарку или городской праздник от идеи до проведения",
     "Organize a fair or a town festival from the idea to the day itself"),
    ("C", "логистика", "Вести учёт товаров на складе и сверять остатки",
     "Keep track of goods in a warehouse and check the stock"),
    ("R", "море/судостроение", "Найти и устранить неисправность в лодочном моторе или снегоходе",
     "Find and fix a fault in a boat engine or a snowmobile"),
    ("I", "лаборатория", "Сделать лабораторный анализ пробы воды или древесины",
     "Run a laboratory analysis of a water or wood sample"),
    ("A", "дизайн", "Придумать логотип и оформление для местного фестиваля",
     "Design a logo and the look of a local festival"),
    ("S", "здоровье", "Помогать пожилому человеку восстановиться после болезни",
     "Help an elderly person recover after an illness"),
    ("E", "бизнес", "Открыть небольшое своё дело, например гостевой дом для туристов",
     "Start a small business of your own, such as a guest house for tourists"),
    ("C", "офис", "Проверить пакет документов и найти в нём ошибки",
     "Check a set of documents and find the mistakes in it"),
    ("R", "металл/сварка", "Сварить металлическую конструкцию для причала или гаража",
     "Weld a metal structure for a pier or a garage"),
    ("I", "IT", "Найти ошибку в программе и понять, почему она возникла",
     "Find a bug in a program and understand why it happened"),
    ("A", "сервис", "Сделать стрижку или образ, который подчеркнёт стиль человека",
     "Create a haircut or a look that brings out a person's style"),
    ("S", "спорт", "Провести тренировку или подвижную игру для группы детей",
     "Lead a training session or an active game for a group of children"),
    ("E", "производство", "Руководить бригадой и распределять задачи на смену",
     "Lead a team and hand out the tasks for a shift"),
    ("C", "IT/данные", "Навести порядок в большой таблице с данными",
     "Put a large data table in order"),
    ("R", "лес", "Управлять лесозаготовительной машиной или погрузчиком",
     "Operate a timber harvester or a loader"),
    ("I", "природа", "Изучать по научным данным, как устроены северные леса и тундра",
     "Study from scientific data how northern forests and the tundra work"),
    ("A", "общепит", "Придумать новый десерт и красиво его подать",
     "Invent a new dessert and serve it beautifully"),
    ("S", "здоровье", "Оказать первую помощь и успокоить пострадавшего",
     "Give first aid and calm an injured person"),
    ("E", "торговля", "Договориться с поставщиком о выгодных условиях",
     "Negotiate good terms with a supplier"),
    ("C", "транспорт", "Рассчитать стоимость перевозки груза по тарифам",
     "Work out the cost of shipping a load from the tariffs"),
    ("R", "энергетика", "Проложить электропроводку в новом доме",
     "Lay the electrical wiring in a new house"),
    ("I", "инженерия",
     "Сравнить несколько способов решения технической задачи и выбрать самый точный",
     "Compare several ways to solve a technical problem and choose the most precise"),
    ("A", "интерьер", "Оформить интерьер кафе или витрину магазина",
     "Decorate the interior of a café or a shop window"),
    ("S", "соцсфера", "Выслушать человека и помочь ему разобраться в трудной ситуации",
     "Listen to a person and help them sort out a difficult situation"),
    ("E", "проекты", "Убедить партнёров вложиться в новый проект",
     "Persuade partners to invest in a new project"),
    ("C", "управление", "Составить график смен для коллектива",
     "Draw up a shift schedule for a team"),
]

TYPES = [
    ("R", "Практик", "Practical",
     "Вам нравится работать руками и с техникой и видеть результат: собранное, починенное, "
     "построенное.",
     "You like working with your hands and with machines and seeing the result: something "
     "assembled, repaired or built.",
     "электрогазосварщик, слесарь, электромонтёр, водитель, тракторист, плотник",
     "electric and gas welder, fitter, electrician, driver, tractor driver, carpenter"),
    ("I", "Исследователь", "Investigator",
     "Вам интересно разбираться, как всё устроено: наблюдать, измерять, проверять догадки.",
     "You enjoy finding out how things work: observing, measuring, testing your guesses.",
     "лаборант химического анализа, инженер, программист, геодезист, специалист "
     "неразрушающего контроля",
     "chemical laboratory assistant, engineer, programmer, surveyor, non-destructive testing "
     "specialist"),
    ("A", "Творец", "Creator",
     "Вам нравится придумывать новое и делать красиво: образы, вещи, пространства.",
     "You like inventing new things and making them beautiful: looks, objects, spaces.",
     "графический дизайнер, парикмахер, кондитер, повар, дизайнер интерьера",
     "graphic designer, hairdresser, pastry cook, cook, interior designer"),
    ("S", "Наставник", "Mentor",
     "Вам важно помогать людям: учить, поддерживать, заботиться.",
     "Helping people matters to you: teaching, supporting, caring.",
     "учитель, воспитатель, медицинская сестра, социальный работник, тренер",
     "teacher, kindergarten teacher, nurse, social worker, coach"),
    ("E", "Организатор", "Organizer",
     "Вам нравится вести за собой, договариваться и доводить дела до результата.",
     "You like leading, negotiating and seeing things through.",
     "администратор гостиницы, менеджер по продажам, предприниматель, организатор туров, "
     "мастер участка",
     "hotel administrator, sales manager, entrepreneur, tour organizer, shift supervisor"),
    ("C", "Систематизатор", "Systematizer",
     "Вам по душе порядок и точность: документы, расчёты, учёт, расписания.",
     "You enjoy order and precision: documents, calculations, records, schedules.",
     "бухгалтер, кладовщик, логист, специалист по документообороту, оператор 1С",
     "accountant, storekeeper, logistics specialist, records manager, 1C operator"),
]


async def load(apps, schema_editor):
    test_model = apps.get_model("models", "CareerTest")
    version_model = apps.get_model("models", "CareerTestVersion")
    item_model = apps.get_model("models", "CareerItem")
    text_model = apps.get_model("models", "CareerTypeText")
    test, _ = await test_model.get_or_create(
        slug="compass", defaults={"title_ru": "Компас профессий", "title_en": "Career compass"})
    version, created = await version_model.get_or_create(test_id=test.id, number=1)
    if not created:
        return
    for position, (kind, sector, text_ru, text_en) in enumerate(ITEMS, start=1):
        await item_model.create(version_id=version.id, position=position, type=kind,
                                sector=sector, text_ru=text_ru, text_en=text_en)
    for kind, name_ru, name_en, about_ru, about_en, jobs_ru, jobs_en in TYPES:
        await text_model.create(version_id=version.id, type=kind, name_ru=name_ru,
                                name_en=name_en, about_ru=about_ru, about_en=about_en,
                                professions_ru=jobs_ru, professions_en=jobs_en)


async def unload(apps, schema_editor):
    test_model = apps.get_model("models", "CareerTest")
    await test_model.filter(slug="compass").delete()


class Migration(migrations.Migration):
    dependencies = [('models', '0006_career_tests')]

    initial = False

    operations = [
        ops.RunPython(load, unload),
    ]
