"""The career test as a conversation: a whole run, back, resume, stale buttons, versions."""

from datetime import UTC, datetime, timedelta

from backend.models import (
    AuditEvent,
    CareerAttempt,
    CareerItem,
    CareerResult,
    CareerTestVersion,
)
from dialogs.model import Click
from tests.talk import Press, Talker, onboard

LABELS = {2: "Интересно", 1: "Не знаю", 0: "Неинтересно"}
TYPES = "RIASEC"


async def start_test(mode, now=None) -> Talker:
    talk = Talker(mode.engine())
    talk.now = now
    await onboard(talk)
    await talk("/test", Press("Начать тест"), Press("18–24"))
    return talk


async def answer(talk: Talker, values) -> None:
    for value in values:
        await talk(Press(LABELS[value]))


def by_type(**scores: int) -> list[int]:
    """Answers for 30 items in R,I,A,S,E,C order giving each type the per-item value."""
    return [scores.get(TYPES[n % 6], 0) for n in range(30)]


async def test_a_whole_test_gives_exact_scores_a_picture_and_a_stored_result(mode):
    start = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
    talk = await start_test(mode, start)
    assert talk.text().startswith("1/30\n\nСобрать стеллаж")
    assert talk.buttons() == ["Интересно", "Не знаю", "Неинтересно", "‹ Назад", "Главное меню"]
    talk.now = start + timedelta(minutes=4)
    await answer(talk, by_type(S=2, E=1))
    result, after = talk.last
    assert result.text.startswith("Ваш ведущий тип: Наставник")
    assert "Наставник ▓▓▓▓▓▓▓▓▓▓ 10/10 · высокий" in result.text
    assert "Организатор ▓▓▓▓▓░░░░░ 5/10 · средний" in result.text
    assert "учитель, воспитатель" in result.text
    assert "тест показывает интересы, а не способности" in result.text
    assert "быстро" not in result.text  # four minutes is not too fast
    assert result.attachment.filename == "profile.png"
    assert result.attachment.data.startswith(b"\x89PNG")
    assert after.text == "Что дальше?"
    saved = await CareerResult.get()
    assert saved.scores == {"R": 0, "I": 0, "A": 0, "S": 10, "E": 5, "C": 0}
    assert saved.code == "S-E-RIAC" and saved.flags == []
    assert len(saved.answers) == 30
    assert await AuditEvent.filter(action="career.result_saved").count() == 1


async def test_flags_get_their_gentle_explanations(mode):
    talk = await start_test(mode)
    await answer(talk, [2] * 30)
    text = talk.last[0].text
    assert "Вам интересно почти всё" in text and "очень быстро" in text
    assert "Интересы пока не выражены" in text


async def test_back_goes_one_item_back_and_forgets_its_answer(mode):
    talk = await start_test(mode)
    await answer(talk, [2, 2, 2])
    assert talk.text().startswith("4/30")
    await talk(Press("‹ Назад"))
    assert talk.text().startswith("3/30")
    await answer(talk, [0] + by_type()[3:])
    saved = await CareerResult.get()
    assert saved.answers["3"] == 0 and saved.scores["R"] == 2


async def test_stop_and_resume_later(mode):
    start = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
    talk = await start_test(mode, start)
    await answer(talk, [1] * 7)
    talk.now = start + timedelta(hours=3)
    await talk("привет")
    assert talk.text().startswith("Вы были в разделе «🧭 Тест на профориентацию»")
    await talk(Press("Продолжить"))
    assert talk.text().startswith("8/30")


async def test_a_stale_button_from_an_older_item_changes_nothing(mode):
    talk = await start_test(mode)
    old = talk.payload("Интересно")
    await answer(talk, [0, 0])
    await talk(Click(old))
    assert talk.text().startswith("3/30")


async def test_a_new_version_mid_test_leaves_the_running_test_alone(mode):
    talk = await start_test(mode)
    await answer(talk, [1] * 10)
    first = await CareerTestVersion.get(number=1)
    second = await CareerTestVersion.create(test_id=first.test_id, number=2)
    for item in await CareerItem.filter(version_id=first.id):
        await CareerItem.create(version_id=second.id, position=item.position, type=item.type,
                                sector=item.sector, text_ru="Новое: " + item.text_ru,
                                text_en=item.text_en)
    await answer(talk, [1])
    assert "Новое" not in talk.text()
    await answer(talk, [1] * 19)
    assert (await CareerResult.get()).version_id == first.id
    await talk(Press("Пройти ещё раз"), Press("Начать тест"))
    assert talk.text().startswith("1/30\n\nНовое: ")
    await CareerAttempt.filter(version_id=second.id).delete()
    await second.delete()  # the PostgreSQL test database outlives this test


async def test_the_test_needs_consent(mode):
    talk = Talker(mode.engine())
    await onboard(talk, agree=False)
    await talk("/test")
    assert talk.last[0].text.startswith("Для этого нужно ваше согласие")


async def test_mydata_lists_past_results(mode):
    talk = await start_test(mode)
    await answer(talk, by_type(C=2))
    await talk("/mydata")
    assert "• Тест на профориентацию: 1 результат" in talk.text()
    assert "— Систематизатор" in talk.text()


async def test_statistics_on_a_known_set(mode):
    from backend.models import Municipality, User
    from backend.services import career_statistics

    start = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
    finished = await start_test(mode, start)  # resident-1 finishes in 6 minutes
    await finished("/profile", "Котлас", "/test", Press("Начать заново"), Press("Начать тест"))
    finished.now = start + timedelta(minutes=6)
    await answer(finished, by_type(R=2, I=2))
    stopped = Talker(mode.engine())  # resident-2 stops at item 12
    stopped.account = type(stopped.account)("terminal", "resident-2")
    await onboard(stopped)
    await stopped("/test", Press("Начать тест"), Press("14–17"))
    await answer(stopped, [1] * 12)
    await stopped(Press("‹ Назад"))  # going back does not lower how far they got
    stats = await career_statistics.statistics()
    assert stats.results == 1 and stats.attempts == 3 and stats.finished == 1
    assert stats.by_type == {"R": 1, "I": 1, "A": 0, "S": 0, "E": 0, "C": 0}
    assert stats.by_municipality == [("Котлас", 1)]
    assert stats.by_age_group == [("18-24", 1)]  # resident-2 (14–17) has no result
    assert stats.median_minutes == 6.0
    assert stats.stopped_at == {0: 1, 12: 1}  # the first /test of resident-1 was left at 0
    assert await Municipality.exists(name="Котлас") and await User.all().count() == 2


async def test_the_old_dialog_id_still_opens_and_continues_the_test(mode):
    talk = await start_test(mode)
    await answer(talk, [1] * 3)
    key = f"session:{(await CareerAttempt.first()).user_id}"
    session = await mode.store.get(key)
    assert session["dialog"] == "career"
    await mode.store.set(key, {**session, "dialog": "career_test"}, 3600)  # stored before
    await answer(talk, [1])
    assert talk.text().startswith("5/30")
    await talk("/start career_test")
    assert talk.buttons()[:2] == ["Продолжить", "Начать заново"]
    await talk(Press("Продолжить"))
    assert talk.text().startswith("5/30")


async def test_help_lists_the_test_command_once(mode):
    talk = Talker(mode.engine())
    await onboard(talk)
    await talk("/help")
    assert talk.text().count("/test ") == 1
