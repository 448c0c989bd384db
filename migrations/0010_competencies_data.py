from tortoise import migrations
from tortoise.migrations import operations as ops

# Competencies of «Профессионалы» and regional trades programs teach, with how strongly each
# career type of «Компас профессий» points to them (DOMAIN.md, type → competencies; 3 strongly,
# 1 a little). Staff refine the weights in the admin panel.
COMPETENCIES = [
    ("Сварочные технологии", {"R": 3}),
    ("Сборка корпусов металлических судов", {"R": 3}),
    ("Электромонтаж", {"R": 3, "I": 1}),
    ("Слесарное дело", {"R": 3}),
    ("Фрезерные работы на станках с ЧПУ", {"R": 3, "I": 1}),
    ("Управление харвестером", {"R": 3}),
    ("Плотницкое дело", {"R": 3, "A": 1}),
    ("Ремонт и обслуживание легковых автомобилей", {"R": 3}),
    ("Вождение автомобиля", {"R": 2, "C": 1}),
    ("Эксплуатация сельскохозяйственных машин", {"R": 3}),
    ("Эксплуатация котельного оборудования", {"R": 2, "C": 1}),
    ("Эксплуатация беспилотных авиационных систем", {"R": 2, "I": 2}),
    ("Лабораторный химический анализ", {"I": 3, "C": 1}),
    ("Неразрушающий контроль", {"I": 2, "R": 2}),
    ("Геодезия", {"I": 2, "R": 1}),
    ("Программные решения для бизнеса", {"I": 3, "C": 1}),
    ("Сетевое и системное администрирование", {"I": 2, "R": 1, "C": 1}),
    ("Лесное хозяйство", {"I": 2, "R": 2}),
    ("Веб-разработка", {"I": 2, "A": 2}),
    ("Графический дизайн", {"A": 3}),
    ("Дизайн интерьера", {"A": 3, "E": 1}),
    ("Парикмахерское искусство", {"A": 3, "S": 1}),
    ("Кондитерское дело", {"A": 2, "R": 2}),
    ("Поварское дело", {"A": 1, "R": 2, "S": 1}),
    ("Преподавание в младших классах", {"S": 3}),
    ("Дошкольное воспитание", {"S": 3, "A": 1}),
    ("Медицинский и социальный уход", {"S": 3}),
    ("Физическая культура и спорт", {"S": 2, "R": 1}),
    ("Предпринимательство", {"E": 3}),
    ("Туризм", {"E": 2, "S": 1}),
    ("Администрирование отеля", {"E": 2, "C": 1, "S": 1}),
    ("Ресторанный сервис", {"E": 1, "S": 2}),
    ("Продажи и торговля", {"E": 2, "S": 1}),
    ("Бухгалтерский учёт и 1С", {"C": 3}),
    ("Документационное обеспечение управления", {"C": 3}),
    ("Складская логистика", {"C": 3, "R": 1}),
]


async def load(apps, schema_editor):
    competency = apps.get_model("models", "Competency")
    weight = apps.get_model("models", "CareerTypeCompetency")
    test = await apps.get_model("models", "CareerTest").get_or_none(slug="compass")
    for name, weights in COMPETENCIES:
        row, _ = await competency.get_or_create(name=name)
        if test is None:
            continue
        for kind, value in weights.items():
            await weight.update_or_create(test_id=test.id, type=kind, competency_id=row.id,
                                          defaults={"weight": value})


async def unload(apps, schema_editor):
    competency = apps.get_model("models", "Competency")
    names = [name for name, _ in COMPETENCIES]
    await apps.get_model("models", "CareerTypeCompetency").filter(
        competency__name__in=names).delete()
    # Competencies programs still point to stay; the others go.
    await competency.filter(name__in=names, programs__id__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [('models', '0009_applications_outbox')]

    initial = False

    operations = [
        ops.RunPython(load, unload),
    ]
