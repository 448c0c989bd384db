"""/mydata shows registrations and answered surveys, and what withdrawal means; mailings
need consent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from backend.errors import ServiceError
from backend.i18n import local_date
from backend.models import Event, Registration, SurveyResponse, User
from backend.services import users
from tests.bots.helpers import onboard as onboard_channel
from tests.bots.test_telegram import CHAT, telegram
from tests.surveys.helpers import make_survey
from tests.talk import Click, Press, Talker, onboard

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
    assert f"Согласие отозвано {local_date(today, 'ru')}\n" in said
    assert "рассылки, напоминания о мероприятиях" in said
    assert f"Через 30 дней, {local_date(today + timedelta(days=30), 'ru')}, мы сотрём" in said
    await talk("/mydata")
    assert f"Согласие отозвано {local_date(today, 'ru')}\n" in talk.text()
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


async def test_without_consent_mailings_are_not_offered_and_cannot_be_turned_on(mode):
    talk = await resident(mode, agree=False)
    await talk("/stop", "/mydata")
    assert "Рассылки: выключены, для них нужно согласие" in talk.text()
    assert "Включить рассылки" not in talk.buttons()
    assert "Дать согласие" in talk.buttons()
    user = await User.get()
    with pytest.raises(ServiceError) as refused:
        await users.set_subscribed(user.id, True)
    assert refused.value.code == "consent_required"
    assert (await User.get()).subscribed is False
    await talk(Press("Дать согласие"), Press("Согласен(на)"), "/mydata")
    if "Начать заново" in talk.buttons():  # the dialog left off goes on
        await talk(Press("Начать заново"))
    await talk(Press("Включить рассылки"))
    assert talk.last[0].text == "Рассылки снова включены."
    assert (await User.get()).subscribed is True


async def test_a_stale_mailings_button_after_withdrawal_turns_nothing_on(mode):
    talk = await resident(mode)
    await talk("/stop", "/mydata")
    stale = Click(talk.payload("Включить рассылки"))
    await talk(Press("Отозвать согласие"), Press("Да, отозвать"), stale)
    assert (await User.get()).subscribed is False
    assert "Рассылки снова включены" not in talk.text()


async def test_without_consent_telegram_offers_no_mailings(mode, telegram_fake):
    fake = telegram_fake
    async with telegram(mode, fake, "polling"):
        await fake.step(CHAT, fake.send_text(CHAT, "/start"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "Русский"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "Не согласен(на)"))
        await fake.step(CHAT, fake.send_text(CHAT, "/mydata"))
        screen = fake.last(CHAT)
        assert "Рассылки: выключены, для них нужно согласие" in screen.text
        labels = [label for label, _ in screen.buttons]
        assert "Дать согласие" in labels and "Включить рассылки" not in labels
        assert "Отключить рассылки" not in labels


async def test_applications_are_numbered_in_the_residents_language(mode):
    from backend.models import User
    from backend.services import applications
    from tests.talk import Talker, onboard

    for n, (language, number) in enumerate((("English", "No. "), ("Русский", "№ ")), start=1):
        talk = Talker(mode.engine())
        talk.account = type(talk.account)("terminal", f"resident-{n}")
        await onboard(talk, language)
        user = await User.get(external_id=f"resident-{n}")
        await User.filter(id=user.id).update(full_name="Анна Иванова", phone="+79115551234")
        await applications.apply(user.id, "consultation", channel="terminal")
        await talk("/mydata")
        assert f"   {number}{n} " in talk.text(), language
