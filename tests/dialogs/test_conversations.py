"""Dialogs as conversations, on PostgreSQL + Redis and on the embedded default."""

from datetime import UTC, datetime, timedelta

from backend.models import AuditEvent, Consent, Municipality, User
from dialogs.engine import Account
from dialogs.model import Click, Start
from tests.talk import Press, Talker, onboard


async def test_first_contact_greets_asks_language_then_consent(mode):
    talk = Talker(mode.engine())
    await talk(Start())
    assert "Здравствуйте" in talk.text()
    assert talk.buttons() == ["Русский", "English"]
    await talk(Press("English"))
    assert talk.text().startswith("Consent to the processing of personal data")
    assert talk.buttons() == ["I agree", "I do not agree"]  # no way around the answer
    await talk(Press("I agree"))
    assert "Your consent is saved" in talk.last[0].text
    assert talk.last[-1].text == "Main menu. What would you like to do?"
    assert talk.buttons() == ["🧭 Career test", "🎓 Courses", "📅 Events",
                              "🎟 My registrations", "📝 Surveys", "🙋 Ask a person",
                              "📋 My data", "❓ Help"]


async def test_consent_is_stored_with_version_hash_channel_and_evidence(mode):
    talk = Talker(mode.engine())
    await onboard(talk)
    user = await User.get(platform="terminal", external_id="resident-1")
    consent = await Consent.get(user_id=user.id)
    assert (user.locale, user.pd_consent) == ("ru", True)
    assert consent.granted and consent.purpose == "processing" and consent.version == "2026-11-28"
    assert len(consent.text_hash) == 64 and consent.locale == "ru"
    actions = await AuditEvent.filter(object_id=str(user.id)).values_list("action", flat=True)
    assert actions == ["user.created", "consent.granted"]


async def test_consent_is_answered_in_plain_words_as_typed_on_a_phone(mode):
    answers = (("да", True), ("Согласна!", True), ("ок", True), ("нет", False),
               ("не согласен", False))
    for number, (typed, granted) in enumerate(answers):
        talk = Talker(mode.engine(), Account("terminal", f"resident-{number}"))
        await talk(Start(), Press("Русский"), typed)
        user = await User.get(external_id=f"resident-{number}")
        assert user.pd_consent is granted, typed
    talk = Talker(mode.engine(), Account("terminal", "english"))
    await talk(Start(), Press("English"), "yes")
    assert "Your consent is saved" in talk.last[0].text


async def test_declining_consent_keeps_help_and_language_but_gates_data_dialogs(mode):
    talk = Talker(mode.engine())
    await onboard(talk, agree=False)
    assert "не будем собирать" in talk.last[0].text
    user = await User.get(external_id="resident-1")
    assert user.pd_consent is False
    await talk("/help")
    assert "/mydata" in talk.last[0].text


async def test_any_message_from_a_newcomer_starts_onboarding(mode):
    talk = Talker(mode.engine())
    await talk("привет")
    assert talk.buttons() == ["Русский", "English"]
    await talk("/mydata")  # commands wait until the first answers are given
    assert talk.buttons() == ["Русский", "English"]


async def test_language_switch_changes_every_following_text(mode):
    talk = Talker(mode.engine())
    await onboard(talk)
    await talk("/language", Press("English"))
    assert talk.last[0].text == "Done! I will speak English with you."
    assert talk.last[-1].text == "Main menu. What would you like to do?"
    await talk("/language", Press("Русский"))
    assert talk.last[0].text == "Готово! Буду говорить с вами по-русски."


async def test_back_and_main_menu_work_on_every_screen(mode):
    talk = Talker(mode.engine())
    await onboard(talk)
    await talk(Press("📋 Мои данные"))
    assert talk.buttons()[-1] == "Главное меню"
    await talk(Press("Отозвать согласие"))
    assert talk.buttons() == ["Да, отозвать", "Нет, оставить", "‹ Назад", "Главное меню"]
    await talk(Press("‹ Назад"))
    assert talk.text().startswith("Вот всё, что мы о вас храним")
    await talk(Press("‹ Назад") if "‹ Назад" in talk.buttons() else Press("Главное меню"))
    assert talk.text() == "Главное меню. Что хотите сделать?"


async def test_mydata_shows_what_is_held_and_journals_the_view(mode):
    talk = Talker(mode.engine())
    await onboard(talk)
    await talk("/mydata")
    text = talk.text()
    assert "Аккаунт: терминал, id resident-1" in text
    assert "Согласие на обработку данных: дано" in text and "редакция 2026-11-28" in text
    assert "В истории согласий 1 запись." in text
    user = await User.get(external_id="resident-1")
    assert await AuditEvent.filter(action="pd.viewed", object_id=str(user.id)).count() == 1


async def test_withdrawing_consent_is_recorded_and_gates_again(mode):
    talk = Talker(mode.engine())
    await onboard(talk)
    await talk("/mydata", Press("Отозвать согласие"), Press("Да, отозвать"))
    assert talk.last[0].text.startswith("Согласие отозвано")
    user = await User.get(external_id="resident-1")
    assert user.pd_consent is False
    assert await Consent.filter(user_id=user.id).order_by("id").values_list(
        "granted", flat=True) == [True, False]
    assert await AuditEvent.filter(action="consent.withdrawn").count() == 1
    await talk("/mydata")
    assert "В истории согласий 2 записи." in talk.text()
    assert "Дать согласие" in talk.buttons()
    await talk(Press("Дать согласие"), Press("Согласен(на)"))
    assert (await User.get(id=user.id)).pd_consent is True


async def test_stop_unsubscribes_and_mydata_resumes(mode):
    talk = Talker(mode.engine())
    await onboard(talk)
    await talk("/stop")
    assert talk.last[0].text.startswith("Готово: рассылок от нас больше не будет")
    assert (await User.get(external_id="resident-1")).subscribed is False
    await talk("/mydata")
    assert "Рассылки: выключены" in talk.text()
    await talk(Press("Включить рассылки"))
    assert talk.last[0].text == "Рассылки снова включены."
    assert (await User.get(external_id="resident-1")).subscribed is True


async def test_stale_button_reshows_the_current_screen(mode):
    talk = Talker(mode.engine())
    await onboard(talk)
    old_help = talk.payload("❓ Справка")
    await talk(Press("📋 Мои данные"))
    await talk(Click(old_help))  # a press on the menu message from before
    assert talk.text().startswith("Вот всё, что мы о вас храним")
    await talk(Click("garbage"), Click(""), Click("ffff|#menu"))
    assert talk.text().startswith("Вот всё, что мы о вас храним")


async def test_a_lost_session_starts_again_gently_from_the_menu(mode):
    """The store was flushed or restarted mid-dialog: a word and the menu, never an error."""
    talk = Talker(mode.engine())
    await onboard(talk)
    user = await User.get(external_id="resident-1")
    lost = "Простите, наш разговор прервался. Начнём снова с главного меню."
    await talk("/language")
    await mode.store.delete(f"session:{user.id}")
    await talk(Press("English"))
    assert [reply.text for reply in talk.last] == [lost, "Главное меню. Что хотите сделать?"]
    await talk("/language")
    await mode.store.delete(f"session:{user.id}")
    await talk("2")
    assert [reply.text for reply in talk.last] == [lost, "Главное меню. Что хотите сделать?"]
    await talk("2")  # and on from there as usual
    assert talk.text().startswith("Чему хотите научиться?")  # 🎓 Курсы


async def test_typed_number_or_label_works_like_a_press(mode):
    talk = Talker(mode.engine())
    await talk(Start(), "1")  # Русский
    assert talk.buttons()[0] == "Согласен(на)"
    await talk("согласен(на)")
    assert talk.last[-1].text == "Главное меню. Что хотите сделать?"
    await talk("8")
    assert "/help" in talk.last[0].text


async def test_free_text_on_a_buttons_screen_asks_to_choose(mode):
    talk = Talker(mode.engine())
    await onboard(talk)
    await talk("/language", "хочу на сварщика")
    assert talk.last[0].text == "Пожалуйста, выберите один из вариантов ниже."
    assert talk.last[1].text.startswith("Выберите язык")


async def test_unknown_command_says_so_and_shows_where_we_are(mode):
    talk = Talker(mode.engine())
    await onboard(talk)
    await talk("/teleport now")
    assert talk.last[0].text == "Такой команды я не знаю. Мы сейчас здесь:"


async def test_interrupted_dialog_offers_to_continue_or_start_over(mode):
    talk = Talker(mode.engine(resume_after=1800))
    start = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    talk.now = start
    await onboard(talk)
    await talk("/mydata", Press("Отозвать согласие"))
    talk.now = start + timedelta(hours=2)
    await talk("добрый день")
    assert talk.text() == ("Вы были в разделе «📋 Мои данные». Продолжить с того же места "
                           "или начать заново?")
    assert talk.buttons() == ["Продолжить", "Начать заново", "Главное меню"]
    await talk(Press("Продолжить"))
    assert talk.text().startswith("Отозвать согласие?")
    talk.now += timedelta(hours=1)
    await talk("/start")
    await talk(Press("Начать заново"))
    assert talk.text().startswith("Вот всё, что мы о вас храним")


async def test_deep_link_opens_its_dialog_after_onboarding(mode):
    talk = Talker(mode.engine())
    await talk(Start(None, "mydata"), Press("Русский"), Press("Согласен(на)"))
    assert talk.last[-1].text.startswith("Вот всё, что мы о вас храним")
    await talk("/start help")
    assert "/mydata" in talk.last[0].text


async def test_odd_text_never_crashes(mode):
    talk = Talker(mode.engine())
    await onboard(talk)
    for text in ["я" * 5000, "👩‍👩‍👧‍👦🏳️‍🌈", "\u202eevil\u202c", "a\u200bb\u200c\u200d", "\x00\x01",
                 "ـمرحبا بالعالم", "   ", "/", "/start " + "x" * 3000, "\ud800"]:
        replies = await talk(text)
        assert replies and all(0 < len(r.text) <= 4096 for r in replies)


async def test_users_are_kept_apart(mode):
    engine = mode.engine()
    first, second = Talker(engine), Talker(engine)
    second.account = type(first.account)("terminal", "resident-2")
    await onboard(first)
    await second(Start())
    assert second.buttons() == ["Русский", "English"]
    assert await User.filter(platform="terminal").count() == 2


async def test_where_i_live_is_asked_with_consent_and_journaled(mode):
    talk = Talker(mode.engine())
    await onboard(talk)
    await talk("/profile")
    assert talk.buttons()[:6] == ["Архангельск", "Северодвинск", "Новодвинск", "Котлас",
                                  "Коряжма", "Мирный"]
    assert "Новая Земля" not in talk.buttons()
    await talk("вельский")  # typed, in any case
    assert talk.last[0].text == ("Сохранили: Вельский округ. Будем предлагать то, что рядом "
                                 "с вами.")
    user = await User.get(external_id="resident-1")
    assert (await Municipality.get(id=user.municipality_id)).name == "Вельский"
    assert await AuditEvent.filter(action="pd.changed", object_id=str(user.id)).count() == 1
    await talk("/mydata")
    assert "Где вы живёте: Вельский округ" in talk.text()
    await talk("/language", Press("English"), "/profile", "Severodvinsk")  # in Latin letters
    assert talk.last[0].text.startswith("Saved: Северодвинск.")


async def test_where_i_live_needs_consent_first(mode):
    talk = Talker(mode.engine())
    await onboard(talk, agree=False)
    await talk("/profile")
    assert talk.last[0].text.startswith("Для этого нужно ваше согласие")
    await talk(Press("Согласен(на)"))
    assert talk.text().startswith("Спасибо! Согласие сохранено.") or \
        "Где вы живёте?" in talk.text()
    assert "Где вы живёте?" in talk.last[-1].text


async def test_withdrawing_consent_drops_the_municipality(mode):
    talk = Talker(mode.engine())
    await onboard(talk)
    await talk("/profile", "Котлас")
    await talk("/mydata", Press("Отозвать согласие"), Press("Да, отозвать"))
    user = await User.get(external_id="resident-1")
    assert user.municipality_id is None
