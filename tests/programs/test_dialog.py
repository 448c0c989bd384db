"""/courses as a conversation: search, pages, filters, a card, applying, alerts, deep links."""

from datetime import UTC, datetime

from backend.demo import programs as demo_programs
from backend.models import (
    Application,
    AuditEvent,
    OutboxMessage,
    Program,
    ProgramSubscription,
    User,
)
from backend.services import applications, programs_search
from dialogs import REGISTRY
from dialogs.model import LINK, Click, Contact
from tests.programs.test_import import csv_file
from tests.talk import Press

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)



def numbered(text: str) -> list[str]:
    """Titles of the listed programs, in order."""
    return [line.split(". ", 1)[1] for line in text.splitlines()
            if line[:1].isdigit() and ". " in line]


async def test_words_of_ones_own_find_the_program_first(talk):
    await talk("/courses")
    assert talk.buttons()[0] == "📚 Выбрать направление"
    await talk("хочу на сварщика")
    titles = numbered(talk.text())
    welding = await Program.filter(competency__name="Сварочные технологии") \
        .values_list("title", flat=True)
    assert set(titles) <= set(welding)  # the first page is all welding
    assert "Электрогазосварщик" in titles[:3]
    assert all("свар" in title.lower() or "Дефектоскопист" in title for title in titles)
    assert talk.buttons()[:3] == ["1", "2", "3"]
    assert "⚙ Фильтры и оповещения" in talk.buttons()


async def test_results_come_five_to_a_page_and_back_keeps_the_page(talk):
    await talk("/courses", "колледж")
    first = numbered(talk.text())
    assert len(first) == 5 and talk.buttons()[:6] == ["1", "2", "3", "4", "5", "›"]
    await talk(Press("›"))
    second = numbered(talk.text())
    assert talk.buttons()[:2] == ["6", "7"] and not set(first) & set(second)
    await talk(Press("6"))
    assert talk.text().startswith(second[0])
    await talk(Press("‹ Назад"))
    assert numbered(talk.text()) == second  # the same page, not the first


async def test_typed_number_opens_the_program_on_that_page(talk):
    await talk("/courses", "колледж", Press("›"), "7")
    assert "Где:" in talk.text() and "Документ:" in talk.text()


async def test_filters_narrow_and_say_what_they_are(talk):
    await talk("/courses", "колледж", Press("⚙ Фильтры и оповещения"))
    await talk(Press("💸 Цена: любая"), Press("бесплатно"))
    assert "Фильтры: бесплатно" in talk.text()
    await talk(Press("⚙ Фильтры и оповещения"), Press("📍 Где: везде"), "Каргопольский")
    titles = numbered(talk.text())
    assert titles
    for title in titles:
        assert await Program.exists(title=title, price=0, municipality__name="Каргопольский")
    await talk(Press("⚙ Фильтры и оповещения"), Press("💸 Цена: бесплатно"), Press("платно"))
    assert "Фильтры: Каргопольский округ, платно" in talk.text()
    for title in numbered(talk.text()):
        assert await Program.exists(title=title, price__gt=0, municipality__name="Каргопольский")
    await talk(Press("⚙ Фильтры и оповещения"), Press("✖ Сбросить фильтры"))
    assert "Фильтры:" not in talk.text() and len(numbered(talk.text())) == 5


async def test_starts_within_a_month(talk):
    await talk("/courses", Press("📚 Выбрать направление"), "Поварское дело")
    everything = await Program.filter(competency__name="Поварское дело").count()
    await talk(Press("⚙ Фильтры и оповещения"), Press("☐ Старт в течение месяца"))
    soon = await Program.filter(competency__name="Поварское дело",
                                start_date__gte=NOW.date(),
                                start_date__lte=datetime(2026, 12, 29).date()).count()
    assert soon < everything
    assert talk.text().startswith(f"{soon} программ")


async def test_nothing_found_says_what_to_try(talk):
    await talk("/courses", "квантовая хромодинамика")
    assert "По запросу «квантовая хромодинамика» ничего не нашлось." in talk.text()
    assert "Попробуйте меньше слов" in talk.text()
    await talk("сварщик")  # a new search right there
    assert "Электрогазосварщик" in numbered(talk.text())[:3]


async def test_nothing_found_offers_the_corrected_words_and_the_nearest_areas(talk):
    await talk("/courses", "сврщк")  # too far from any word to be searched as it is
    assert "ничего не нашлось" in talk.text()
    corrected = next(b for b in talk.buttons() if b.startswith("🔎 "))
    assert f"Может быть, вы имели в виду «{corrected[2:]}»?" in talk.text()
    assert "📚 Сварочные технологии" in talk.buttons()
    await talk(Press(corrected))
    assert "Электрогазосварщик" in numbered(talk.text())[:3]
    await talk("сврщк", Press("📚 Сварочные технологии"))
    welding = await Program.filter(competency__name="Сварочные технологии", status="published")
    assert talk.text().startswith(f"{len(welding)} программ")


async def test_nothing_found_offers_an_alert_for_when_it_appears(talk):
    from backend.services import programs_files, programs_subscriptions

    await talk("/courses", "квантовая хромодинамика")
    assert not any(b.startswith("🔎") for b in talk.buttons())  # no correction for nonsense
    await talk(Press("🔔 Сообщить, когда появится"))
    assert "Готово: напишем" in talk.text()
    subscription = await ProgramSubscription.get()
    assert subscription.query == "квантовая хромодинамика"
    user = await User.get(external_id="resident-1")
    await User.filter(id=user.id).update(platform="telegram", external_id="4242")
    csv = csv_file("QCD-1,Квантовая хромодинамика для школьников,general,"
                   "Информационные технологии,очная,нет,36,3000,,Архангельск,"
                   "Архангельский колледж телекоммуникаций (демо),2027-02-01,,,,,published")
    report = await programs_files.import_programs(csv, "new.csv", actor="staff:1",
                                                  create_missing=True)
    assert not report.problems
    assert await programs_subscriptions.notify() == 1
    notice = await OutboxMessage.get()
    assert "Квантовая хромодинамика для школьников" in notice.text


async def test_applying_asks_what_is_missing_once_and_tells_staff(talk):
    await talk("/courses", "электрогазосварщик", Press("1"))
    card = talk.text()
    assert card.startswith("Электрогазосварщик") and "Бесплатно для:" in card
    await talk(Press("✍ Записаться"))
    assert talk.text().startswith("Сколько вам лет?")  # a welder's course takes adults
    await talk("34")
    assert talk.text().startswith("Как к вам обращаться?")
    await talk("R2-D2")
    assert "Напишите имя буквами" in talk.text()
    await talk("Анна Иванова")
    assert talk.last[-1].request_contact == "📱 Отправить мой номер"
    await talk("12345")
    assert "не похоже на номер телефона" in talk.text()
    await talk(Contact("+7 (911) 555-12-34"), "Котлас")
    assert talk.text().startswith("Отправить заявку на «Электрогазосварщик»?")
    await talk(Press("✅ Отправить"))
    assert "Заявка № 1 отправлена" in talk.text()
    user = await User.get(external_id="resident-1")
    assert (user.full_name, user.phone) == ("Анна Иванова", "+79115551234")
    application = await Application.get().prefetch_related("program")
    assert application.kind == "program" and application.program.title == "Электрогазосварщик"
    notice = await OutboxMessage.get()
    assert notice.platform == "telegram" and notice.address == "staff"
    text = await applications.staff_notice(notice.key, "ru", "https://copp.example.org")
    assert "Новая заявка № 1" in text and "Анна" not in text
    assert text.endswith("https://copp.example.org/admin/applications/1")
    assert await AuditEvent.filter(action="application.created").count() == 1
    # The same program again: no second application; another program: no questions asked.
    await talk(Press("1"), Press("✍ Записаться"), Press("✅ Отправить"))
    assert "уже подали заявку" in talk.text() and await Application.all().count() == 1
    await talk(Press("2"), Press("✍ Записаться"))
    assert talk.text().startswith("Отправить заявку на")
    await talk(Press("✅ Отправить"))
    assert await Application.all().count() == 2


async def test_an_alert_tells_of_a_new_matching_program_once(talk):
    from backend.services import programs_files, programs_subscriptions

    await talk("/courses", "сварщик", Press("⚙ Фильтры и оповещения"),
               Press("🔔 Сообщать о новых"))
    assert "Готово: напишем" in talk.text()
    await talk(Press("⚙ Фильтры и оповещения"), Press("🔔 Сообщать о новых"))
    assert "уже следите" in talk.text() and await ProgramSubscription.all().count() == 1
    user = await User.get(external_id="resident-1")
    await User.filter(id=user.id).update(platform="telegram", external_id="4242")
    csv = csv_file(
        "NEW-1,Сварщик на судоверфи,prof_training,Сварочные технологии,очная,нет,300,0,"
        "безработные,Северодвинск,Северодвинский техникум судостроения (демо),2027-02-01,"
        ",,,,published",
        "NEW-2,Кондитер для начинающих,prof_training,Кондитерское дело,очная,нет,200,0,"
        "безработные,Котлас,Котласский колледж транспорта и логистики (демо),2027-02-01,"
        ",,,,published")
    report = await programs_files.import_programs(csv, "new.csv", actor="staff:1")
    assert not report.problems
    stopped = await User.create(platform="telegram", external_id="4343", pd_consent=True,
                                subscribed=False)
    await ProgramSubscription.create(user_id=stopped.id, query="сварщик", label="сварщик",
                                     checked_until=NOW)
    assert await programs_subscriptions.notify() == 1  # /stop: no alerts for the second resident
    assert await programs_subscriptions.notify() == 0  # a rerun sends nothing twice
    notice = await OutboxMessage.get()
    assert notice.address == "4242" and "Сварщик на судоверфи" in notice.text
    program = await Program.get(code="NEW-1")
    assert notice.button == {"label": "Открыть", "link": f"courses-p{program.id}"}


async def test_a_pupil_is_told_before_applying_for_a_program_for_adults(talk):
    await talk("/courses", "электрогазосварщик", Press("1"))
    assert "с 18 лет" in talk.text()
    await talk(Press("✍ Записаться"))
    assert talk.text().startswith("Сколько вам лет?")  # asked only where it matters
    await talk("15", "Дима Петров", "+7 911 555-12-34", "Котлас")
    assert talk.text().startswith("Обратите внимание: «Электрогазосварщик» — для взрослых")
    await talk(Press("✅ Отправить"))  # the choice stays the pupil's
    assert "Заявка № 1 отправлена" in talk.text()
    user = await User.get(external_id="resident-1")
    assert user.age_group == "14-17"
    await talk("/myevents")  # «Мои записи» lists applications for programs too
    assert "№ 1 Электрогазосварщик — отправлена" in talk.text()


async def test_a_closed_program_offers_to_hear_of_the_next_one(talk):
    program = await Program.filter(title="Повар").first()
    await Program.filter(id=program.id).update(start_date=NOW.date().replace(day=1))
    programs_search.invalidate()
    await talk(Click(f"{LINK}|courses-p{program.id}"))
    assert "запись уже закрыта" in talk.text()
    assert talk.buttons()[0] == "🔔 Сообщить, когда начнётся новая"
    await talk(Press("🔔 Сообщить, когда начнётся новая"))
    assert "Готово: напишем" in talk.text()
    subscription = await ProgramSubscription.get()
    assert (subscription.query, subscription.label) == ("Повар", "Повар")


async def test_a_notice_button_opens_the_program(talk):
    program = await Program.filter(title="Повар").first()
    await talk(Click(f"{LINK}|courses-p{program.id}"))
    assert talk.text().startswith("Повар") and "✍ Записаться" in talk.buttons()


async def test_my_alerts_can_be_stopped(talk):
    await talk("/courses", "бухгалтер", Press("⚙ Фильтры и оповещения"),
               Press("🔔 Сообщать о новых"), "/courses", Press("🔔 Мои оповещения"))
    assert "1. «бухгалтер»" in talk.text()
    await talk(Press("1"), Press("Да, перестать"))
    assert "не следите" in talk.text() and await ProgramSubscription.all().count() == 0


async def test_consultation_request(talk):
    await talk("/consult", Press("📞 Жду звонка"), "Пётр Сидоров", "89115550000", "Вельский")
    assert "Заявка № 1 отправлена" in talk.text()
    application = await Application.get()
    assert application.kind == "consultation" and application.program_id is None
    notice = await OutboxMessage.get()
    assert "профконсультацию" in await applications.staff_notice(notice.key, "ru", None)


async def test_a_test_result_recommends_programs_and_leads_to_them(talk):
    from backend.demo import events as demo_events
    from backend.services import career

    await demo_events.seed(NOW)
    await talk("/test", Press("Начать тест"), Press("14–17"))  # a pupil: the trial is 14–17
    for n in range(30):  # Practical (R) interests only
        await talk(Press("Интересно" if n % 6 == 0 else "Неинтересно"))
    result = talk.last[0].text
    assert "С чего можно начать:" in result
    recommended = [line[2:].split(" — ")[0] for line in result.splitlines()
                   if line.startswith("• ")]
    practical = await career.matching_competencies({"R": 10})
    for title in recommended:
        assert await Program.exists(title=title, competency_id__in=practical)
    assert len(recommended) == 3
    assert "Попробуйте на практике: Профпроба" in result
    assert talk.buttons()[0] == "📅 Записаться на мероприятие"
    await talk(Press("📅 Записаться на мероприятие"))
    assert talk.text().startswith("Профпроба") and "✍ Записаться" in talk.buttons()
    await talk("/test", Press("Начать тест"))
    for n in range(30):
        await talk(Press("Интересно" if n % 6 == 0 else "Неинтересно"))
    await talk(Press("🎓 Подходящие программы"))
    assert "подходят по результату теста" in talk.text()
    titles = numbered(talk.text())
    for title in titles:
        assert await Program.exists(title=title, competency_id__in=practical)
    await talk("/test", Press("Начать тест"))
    assert talk.text().startswith("1/30")  # the age group is asked once


async def test_recommendations_prefer_what_is_near(mode):
    from backend.models import Municipality
    from backend.services import career

    await demo_programs.seed(NOW)
    mezen = await Municipality.get(name="Коряжма")
    near = await career.recommend_programs({"I": 10, "R": 6}, mezen.id, NOW.date())
    assert near and all(p.municipality_id == mezen.id or p.distance for p in near)
    assert len({p.competency_id for p in near}) == len(near)  # one per competency
    assert await career.recommend_programs({t: 0 for t in "RIASEC"}, None, NOW.date()) == []


async def test_each_turn_runs_the_search_once_for_text_buttons_and_the_press(talk, monkeypatch):
    searched: list[str] = []
    search = programs_search.find_programs

    async def counted(query: str = "", *args, **kwargs):
        searched.append(query)
        return await search(query, *args, **kwargs)

    monkeypatch.setattr(programs_search, "find_programs", counted)
    await talk("/courses")
    turns = [("колледж", ["колледж"]), (Press("›"), ["колледж"]), (Press("6"), ["колледж"]),
             (Press("‹ Назад"), ["колледж"]),
             # typed words are first looked for among the shown screen's buttons
             ("сварщик", ["колледж", "сварщик"])]
    for turn, searches in turns:
        searched.clear()
        await talk(turn)
        assert searched == searches, turn


async def test_the_old_id_courses_still_opens_the_search(talk):
    assert REGISTRY["courses"] is REGISTRY["programs"]
    await talk("/start courses")
    assert talk.buttons()[0] == "📚 Выбрать направление"
    user = await User.get(platform="terminal", external_id="resident-1")
    key = f"session:{user.id}"
    session = await talk.engine.store.get(key)
    await talk.engine.store.set(key, {**session, "dialog": "courses"}, 3600)  # stored before
    await talk("сварщик")
    assert "Электрогазосварщик" in numbered(talk.text())
    await talk("/help")
    assert talk.text().count("/courses") == 1
