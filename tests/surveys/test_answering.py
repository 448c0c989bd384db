"""A survey in the bot: conditions, required and optional, back, resume, one response,
anonymity, results."""

from __future__ import annotations

from backend.models import AuditEvent, SurveyParticipation, SurveyResponse, User
from backend.services import surveys_results
from tests.surveys.helpers import make_survey
from tests.talk import Press, Talker, onboard


async def answer_all(talk: Talker) -> None:
    await talk(Press("Да"), "Сварщик", Press("☐ Сварка"), Press("☐ 1С"), Press("☑ 1С"),
               Press("✅ Готово"), "8", "12", "01.03.2027")


async def test_a_whole_survey_with_a_condition_back_and_a_bad_number(mode):
    survey = await make_survey()
    talk = Talker(mode.engine())
    await onboard(talk)
    await talk("/surveys")
    assert "1. Планы жителей (демо)" in talk.text()
    await talk(Press("1"))
    assert talk.last[0].text == "Пять минут, спасибо!"
    assert talk.last[1].text.startswith("1/6\n\nВы сейчас работаете?")  # the total stays
    await talk(Press("Нет"))
    assert talk.text().startswith("3/6\n\nЧему хотели бы научиться?")  # q2 not for them
    await talk(Press("‹ Назад"), Press("Да"))
    assert talk.text().startswith("2/6\n\nКем вы работаете?")
    await talk("Сварщик", Press("☐ Сварка"))
    assert "☑ Сварка" in talk.buttons() and "✅ Готово" in talk.buttons()
    await talk(Press("✅ Готово"))
    assert talk.text().startswith("4/6") and "10" in talk.buttons() and "›" not in talk.buttons()
    await talk("8")  # typed: the button labelled 8
    await talk("двенадцать")
    assert talk.text().startswith("Пожалуйста, ответьте числом")
    await talk(Press("Пропустить"), "01.03.2027")
    assert "Спасибо! Ваши ответы сохранены." in talk.text()
    response = await SurveyResponse.get()
    assert response.status == "complete" and response.user_id is not None
    assert response.answers == {"1": "Да", "2": "Сварщик", "3": ["Сварка"], "4": "8",
                                "5": None, "6": "2027-03-01"}
    await talk("/surveys")
    assert "сейчас нет опросов" in talk.text()  # answered: no longer offered
    taking = await SurveyParticipation.get(survey_id=survey.id, user_id=response.user_id)
    assert (taking.completed, taking.response_id) == (1, None)


async def test_stopping_halfway_and_coming_back_days_later(mode):
    survey = await make_survey()
    talk = Talker(mode.engine())
    await onboard(talk)
    await talk("/surveys", Press("1"), Press("Да"), "Сварщик")
    assert (await SurveyResponse.get()).answers == {"1": "Да", "2": "Сварщик"}
    await mode.store.delete(f"session:{(await User.get()).id}")  # the session is long gone
    await talk("/surveys", Press("1"))
    assert talk.text().startswith("3/6\n\nЧему хотели бы научиться?")
    results = await surveys_results.results(survey.id)
    assert (results.complete, results.partial) == (0, 1)
    assert results.stopped_after == [(2, 1)]


async def test_an_anonymous_survey_keeps_no_link_to_the_person(mode):
    survey = await make_survey(anonymous=True)
    talk = Talker(mode.engine())
    await onboard(talk)
    await talk("/surveys", Press("1"))
    await answer_all(talk)
    response = await SurveyResponse.get()
    assert response.user_id is None and response.status == "complete"
    assert await SurveyParticipation.filter(survey_id=survey.id, completed=1).count() == 1
    journal = await AuditEvent.get(action="survey.completed")
    assert journal.actor == "anonymous"
    rows = await surveys_results.export_rows(survey.id, actor="staff:1", address=None)
    assert "resident" not in rows[0] and rows[1][1] == "complete"
    await talk("/surveys", "/start surveys-s" + str(survey.id))
    assert "уже ответили" in talk.text()


async def test_results_count_choices_and_filter_by_channel(mode):
    survey = await make_survey()
    for n in range(3):
        talk = Talker(mode.engine())
        talk.account = type(talk.account)("terminal", f"resident-{n}")
        await onboard(talk)
        await talk(f"/start surveys-s{survey.id}")
        await answer_all(talk)
    results = await surveys_results.results(survey.id)
    assert results.complete == 3
    wishes = results.questions[2]
    assert wishes.counts == [("Сварка", 3), ("1С", 0), ("Вождение", 0)]
    assert results.questions[1].texts == ["Сварщик"] * 3
    by_vk = surveys_results.Slice(channel="vk")
    assert (await surveys_results.results(survey.id, by_vk)).complete == 0


async def test_what_staff_write_reaches_the_resident_as_written(mode):
    """Questions, options and the intro are shown verbatim, never used as format strings."""
    from backend.models import Survey, SurveyQuestion

    survey = await Survey.create(title="Опрос {title} (демо)", intro="Здравствуйте, {0}!",
                                 status="published")
    await SurveyQuestion.create(survey_id=survey.id, position=1, kind="single",
                                text="Сколько будет {{7*7}}?", options=["{0}", "%s", "{data}"])
    await SurveyQuestion.create(survey_id=survey.id, position=2, kind="text",
                                text="Что вы знаете о {intro} и {response}?")
    talk = Talker(mode.engine())
    await onboard(talk)
    await talk("/surveys")
    assert "1. Опрос {title} (демо)" in talk.text()
    await talk(Press("1"))
    assert talk.last[0].text == "Здравствуйте, {0}!"
    assert talk.last[1].text == "1/2\n\nСколько будет {{7*7}}?"
    assert talk.buttons()[:3] == ["{0}", "%s", "{data}"]
    await talk(Press("%s"))
    assert talk.text().startswith("2/2\n\nЧто вы знаете о {intro} и {response}?")
    await talk("{{7*7}} %s {0}")
    assert (await SurveyResponse.get()).answers == {"1": "%s", "2": "{{7*7}} %s {0}"}
