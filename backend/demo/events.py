"""Demo events: 15 across the region over the coming weeks, ours and fictional."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from backend.i18n import TIMEZONE
from backend.models import Competency, Event, Municipality, Organization

# kind, title, competency, municipality (None: online), days ahead, hour, hours long, seats,
# ages (min, max), approval, questions, organization (a demo name), audience
EVENTS = [
    ("career_trial", "Профпроба «Сварщик»: первый шов (демо)", "Сварочные технологии",
     "Котлас", 5, 15, 2, 12, (14, 17), False, ["В каком вы классе?"],
     "Котласский колледж транспорта и логистики (демо)", "школьники 8–11 классов"),
    ("career_trial", "Профпроба «Повар»: северная кухня (демо)", "Поварское дело",
     "Архангельск", 8, 14, 2, 10, (14, 17), False, ["Есть ли аллергия на продукты?"],
     "Колледж сервиса и туризма Поморья (демо)", "школьники 8–11 классов"),
    ("career_trial", "Профпроба «Оператор дронов» (демо)",
     "Эксплуатация беспилотных авиационных систем", "Архангельск", 12, 16, 2, 8, (14, 17),
     False, [], "ЦОПП Архангельской области (демо)", "школьники 7–11 классов"),
    ("career_trial", "Профпроба «Электромонтёр» (демо)", "Электромонтаж", "Мирный", 15, 15, 2,
     10, (14, 17), False, [], "Мирнинский технический колледж (демо)", "школьники"),
    ("career_trial", "Профпроба «Парикмахер» (демо)", "Парикмахерское искусство",
     "Архангельск", 20, 15, 2, 8, (14, None), False, [],
     "Колледж сервиса и туризма Поморья (демо)", "школьники и взрослые"),
    ("open_day", "День открытых дверей Вельского техникума (демо)", None, "Вельский", 10, 12,
     3, 80, (None, None), False, [], "Вельский агропромышленный техникум (демо)",
     "школьники, родители, взрослые"),
    ("open_day", "День открытых дверей Северодвинского техникума (демо)",
     "Сборка корпусов металлических судов", "Северодвинск", 17, 11, 3, 100, (None, None),
     False, [], "Северодвинский техникум судостроения (демо)", "все желающие"),
    ("open_day", "Онлайн-день открытых дверей ЦОПП (демо)", None, None, 6, 18, 1, 300,
     (None, None), False, [], "ЦОПП Архангельской области (демо)", "все желающие"),
    ("master_class", "Мастер-класс «Торт за вечер» (демо)", "Кондитерское дело", "Каргопольский",
     9, 17, 2, 6, (14, None), False, [], "Каргопольский педагогический колледж (демо)",
     "школьники и взрослые"),
    ("master_class", "Мастер-класс «Первая программа на Python» (демо)",
     "Программные решения для бизнеса", None, 4, 17, 2, 40, (14, None), False, [],
     "ЦОПП Архангельской области (демо)", "школьники и взрослые"),
    ("excursion", "Профтур на судоверфь (демо)", "Сборка корпусов металлических судов",
     "Северодвинск", 14, 10, 4, 20, (16, None), True, ["Паспорт или свидетельство о рождении: "
                                                       "серия и номер для пропуска?"],
     "Учебный центр «Беломорская верфь» (демо)", "старшеклассники и студенты"),
    ("excursion", "Профтур в лесозаготовительную компанию (демо)", "Управление харвестером",
     "Устьянский", 21, 9, 6, 15, (16, None), True, [], "Учебный центр «Поморский лес» (демо)",
     "старшеклассники и взрослые"),
    ("job_fair", "Ярмарка вакансий «Работа рядом» (демо)", None, "Котлас", 25, 11, 4, 200,
     (None, None), False, [], "Центр занятости населения Поморья (демо)",
     "ищущие работу, студенты"),
    ("job_fair", "Онлайн-ярмарка вакансий Поморья (демо)", None, None, 30, 15, 3, 500,
     (None, None), False, [], "Центр занятости населения Поморья (демо)", "все желающие"),
    ("consultation", "Профконсультация для взрослых: смена профессии (демо)", None, None, 3,
     18, 1, 5, (18, None), False, ["Кем работаете сейчас?"],
     "ЦОПП Архангельской области (демо)", "взрослые"),
]
# English versions staff wrote for some of the questions (the shipyard's pass stays Russian).
QUESTIONS_EN = {"В каком вы классе?": "Which grade are you in?",
                "Есть ли аллергия на продукты?": "Are you allergic to any food?",
                "Кем работаете сейчас?": "What is your job now?"}


async def seed(now: datetime) -> dict[str, int]:
    places = {m.name: m.id for m in await Municipality.all()}
    competencies = {c.name: c.id for c in await Competency.all()}
    organizations = {o.name: o.id for o in await Organization.filter(is_demo=True)}
    today = now.astimezone(TIMEZONE).date()
    created = 0
    for (kind, title, competency, place, days, hour, hours, seats, (low, high), approval,
         questions, organization, audience) in EVENTS:
        starts = datetime.combine(today + timedelta(days=days), time(hour), TIMEZONE)
        _, fresh = await Event.get_or_create(title=title, is_demo=True, defaults={
            "kind": kind, "competency_id": competencies.get(competency),
            "municipality_id": places.get(place) if place else None,
            "venue": f"{place}, учебный корпус (демо)" if place else "",
            "online_url": "" if place else "https://example.org/copp-online",
            "starts_at": starts, "ends_at": starts + timedelta(hours=hours), "capacity": seats,
            "registration_deadline": starts - timedelta(hours=3),
            "cancellation_deadline": starts - timedelta(hours=12), "min_age": low,
            "max_age": high, "approval_required": approval, "questions": questions,
            "questions_en": [QUESTIONS_EN[q] for q in questions]
            if all(q in QUESTIONS_EN for q in questions) else [],  # one for each, or none
            "organization_id": organizations.get(organization), "audience": audience,
            "description": "Демонстрационное мероприятие: придумано для показа платформы.",
            "status": "published",
        })
        created += fresh
    return {"events_created": created, "events_total": len(EVENTS)}


async def reset() -> int:
    return await Event.filter(is_demo=True).delete()
