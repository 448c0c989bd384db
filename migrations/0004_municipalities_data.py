from tortoise import migrations
from tortoise.migrations import operations as ops

# The region's 26 municipalities: 7 urban okrugs, then the districts (being converted to
# municipal okrugs; the kind is data). Новая Земля is kept out of public filters.
URBAN = "городской округ"
DISTRICT = "муниципальный округ"
MUNICIPALITIES = [
    ("Архангельск", URBAN, "Архангельск"),
    ("Северодвинск", URBAN, "Северодвинск"),
    ("Новодвинск", URBAN, "Новодвинск"),
    ("Котлас", URBAN, "Котлас"),
    ("Коряжма", URBAN, "Коряжма"),
    ("Мирный", URBAN, "Мирный"),
    ("Новая Земля", URBAN, "Белушья Губа"),
    ("Вельский", DISTRICT, "Вельск"),
    ("Верхнетоемский", DISTRICT, "Верхняя Тойма"),
    ("Вилегодский", DISTRICT, "Ильинско-Подомское"),
    ("Виноградовский", DISTRICT, "Березник"),
    ("Каргопольский", DISTRICT, "Каргополь"),
    ("Коношский", DISTRICT, "Коноша"),
    ("Котласский", DISTRICT, "Котлас"),
    ("Красноборский", DISTRICT, "Красноборск"),
    ("Ленский", DISTRICT, "Яренск"),
    ("Лешуконский", DISTRICT, "Лешуконское"),
    ("Мезенский", DISTRICT, "Мезень"),
    ("Няндомский", DISTRICT, "Няндома"),
    ("Онежский", DISTRICT, "Онега"),
    ("Пинежский", DISTRICT, "Карпогоры"),
    ("Плесецкий", DISTRICT, "Плесецк"),
    ("Приморский", DISTRICT, "Архангельск"),
    ("Устьянский", DISTRICT, "Октябрьский"),
    ("Холмогорский", DISTRICT, "Холмогоры"),
    ("Шенкурский", DISTRICT, "Шенкурск"),
]


async def load(apps, schema_editor):
    municipality = apps.get_model("models", "Municipality")
    for position, (name, kind, centre) in enumerate(MUNICIPALITIES, start=1):
        await municipality.update_or_create(
            name=name, defaults={"kind": kind, "centre": centre, "position": position,
                                 "in_public_filters": name != "Новая Земля"})


async def unload(apps, schema_editor):
    municipality = apps.get_model("models", "Municipality")
    await municipality.filter(name__in=[name for name, _, _ in MUNICIPALITIES]).delete()


class Migration(migrations.Migration):
    dependencies = [('models', '0003_municipalities')]

    initial = False

    operations = [
        ops.RunPython(load, unload),
    ]
