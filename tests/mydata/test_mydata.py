"""/mydata shows registrations and answered surveys, and what withdrawal means; mailings
need consent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from backend.i18n import local_date
from backend.models import Event, Registration, SurveyResponse, User
from tests.bots.helpers import onboard as onboard_channel
from tests.bots.test_telegram import CHAT, telegram
from tests.surveys.helpers import make_survey
from tests.talk import Press, Talker, onboard

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


async def resident(mode, agree: bool = True) -> Talker:
    talk = Talker(mode.engine())
    talk.now = NOW
    await onboard(talk, agree=agree)
    return talk


async def footprints(user_id: int) -> None:
    """A registration for a trial, one named survey answered and one anonymous."""
    starts = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
    event = await Event.create(kind="trial", title="Профпроба «Сварщик»", starts_at=starts,
                               ends_at=starts + timedelta(hours=2), capacity=10,
                               registration_deadline=starts, cancellation_deadline=starts)
    await Registration.create(event=event, user_id=user_id, status="confirmed", ticket="t-1",
                              channel="terminal")
    for anonymous, title in ((False, "Планы жителей"), (True, "Тайный опрос")):
        survey = await make_survey(anonymous=anonymous)
        await survey.__class__.filter(id=survey.id).update(title=title)
        await SurveyResponse.create(survey=survey, user_id=None if anonymous else user_id,
                                    status="complete", channel="terminal", started_at=NOW,
                                    updated_at=NOW, completed_at=NOW)


async def test_mydata_lists_registrations_and_named_survey_answers(mode):
    talk = await resident(mode)
    await footprints((await User.get()).id)
    await talk("/mydata")
    text = talk.text()
    assert "Записи на мероприятия: 1" in text
    day = local_date(datetime(2026, 12, 5, 10, 0, tzinfo=UTC), "ru")
    assert f"{day} — Профпроба «Сварщик» (записаны)" in text
    assert "Пройден 1 опрос" in text and f"{local_date(NOW, 'ru')} — Планы жителей" in text
    assert "Тайный опрос" not in text


async def test_after_withdrawal_mydata_says_when_and_what_next(mode):
    talk = await resident(mode)
    await talk("/mydata", Press("Отозвать согласие"), Press("Да, отозвать"))
    today = datetime.now(UTC)  # the consent row is stamped by the database clock
    said = talk.text()
    assert f"Согласие отозвано {local_date(today, 'ru')}." in said
    assert "рассылки, напоминания о мероприятиях" in said
    assert f"{local_date(today + timedelta(days=30), 'ru')} мы сотрём" in said
    await talk("/mydata")
    assert f"Согласие отозвано {local_date(today, 'ru')}." in talk.text()
    assert "без вашего имени" in talk.text()


async def test_mydata_in_telegram_lists_registrations(mode, telegram_fake):
    fake = telegram_fake
    async with telegram(mode, fake, "polling"):
        await onboard_channel(fake, CHAT, fake.send_text(CHAT, "/start"))
        await footprints((await User.get()).id)
        await fake.step(CHAT, fake.send_text(CHAT, "/mydata"))
        assert "Профпроба «Сварщик» (записаны)" in fake.last(CHAT).text
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "Отозвать согласие"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "Да, отозвать"))
        assert any("Согласие отозвано" in sent.text for sent in fake.chat(CHAT)[-3:])
