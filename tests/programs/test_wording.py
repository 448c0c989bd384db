"""Russian wording of /courses and /events: «любой» agrees with its word, nothing found says so
and offers what to do, districts are named as people say them («Каргопольский округ»)."""

from datetime import UTC, datetime

from backend.demo import programs as demo_programs
from tests.bots.helpers import onboard as onboard_vk
from tests.bots.test_vk import PEER, vk
from tests.talk import Press

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)



async def test_any_agrees_with_each_filter(talk):
    await talk("/courses", "колледж", Press("⚙ Фильтры и оповещения"))
    assert talk.buttons()[:4] == ["📍 Где: везде", "💸 Цена: любая", "🏫 Форма: любая",
                                  "📜 Вид: любой"]
    await talk(Press("📜 Вид: любой"))
    assert talk.buttons()[0] == "Любой вид"
    await talk("/events", Press("⚙ Место и вид"))
    assert "🗂 Вид: любой" in talk.buttons()


async def test_nothing_found_says_so_and_offers_what_to_do(talk):
    await talk("/courses", "квантовая хромодинамика")
    text = talk.text()
    assert text.startswith("По запросу «квантовая хромодинамика» ничего не нашлось.")
    assert "Нашлось 0" not in text
    assert "📚 Выбрать направление" in talk.buttons()
    await talk(Press("📚 Выбрать направление"))
    assert talk.text() == "Выберите направление:"


async def test_districts_are_named_in_full_and_found_by_their_short_name(talk):
    await talk("/courses", "колледж", Press("⚙ Фильтры и оповещения"), Press("📍 Где: везде"))
    assert "Котлас" in talk.buttons()  # a town by its own name
    await talk(Press("›"))
    districts = [b for b in talk.buttons() if b.endswith("ский округ")]
    assert districts
    assert not [b for b in talk.buttons() if b.endswith("ский")]  # no bare adjectives
    await talk("Каргопольский")  # the short name still finds it
    assert "Фильтры: Каргопольский округ" in talk.text()
    assert "(демо), Каргопольский округ" in talk.text()  # the list names the place in full
    assert "1." in talk.text()


async def test_wording_through_vk(mode, vk_fake):
    await demo_programs.seed(datetime.now(UTC))
    async with vk(mode, vk_fake, "longpoll"):
        fake = vk_fake
        await onboard_vk(fake, PEER, fake.send_text(PEER, "Начать", payload={"command": "start"}))
        await fake.step(PEER, fake.send_text(PEER, "/courses"))
        await fake.step(PEER, fake.send_text(PEER, "квантовая хромодинамика"))
        assert "ничего не нашлось" in fake.last(PEER).text
        await fake.step(PEER, fake.click(PEER, fake.last(PEER), "⚙ Фильтры и оповещения"))
        labels = [label for label, *_ in fake.last(PEER).buttons]
        assert "📜 Вид: любой" in labels and "📍 Где: везде" in labels
