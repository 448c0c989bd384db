"""Raw Telegram updates as the inbox keeps them → what the engine gets, and what is not ours."""

from bots.telegram.events import incoming, membership
from dialogs.model import Click, Contact, Text

PERSON = {"id": 42, "is_bot": False, "first_name": "Аня"}
PRIVATE = {"id": 42, "type": "private"}


def message(**fields) -> dict:
    return {"update_id": 7, "message": {"message_id": 3, "date": 0, "chat": PRIVATE,
                                        "from": PERSON, **fields}}


def test_a_typed_message_is_text_from_its_sender_answered_in_its_chat():
    got = incoming(message(text="хочу на сварщика"))
    assert (got.event, got.chat_id, got.pressed_message_id) == (Text("хочу на сварщика"), 42,
                                                                None)
    assert (got.account.platform, got.account.external_id, got.account.evidence) == (
        "telegram", "42", "tg:7")


def test_a_photo_with_a_caption_is_its_caption_and_a_sticker_is_empty_text():
    assert incoming(message(caption="вот мой диплом", photo=[{}])).event == Text("вот мой диплом")
    assert incoming(message(sticker={"file_id": "x"})).event == Text("")


def test_only_the_residents_own_contact_counts_as_their_phone():
    own = {"phone_number": "+79115550123", "first_name": "Аня", "user_id": 42}
    assert incoming(message(contact=own)).event == Contact("+79115550123")
    someone_else = {**own, "user_id": 43}
    assert incoming(message(contact=someone_else)).event == Text("")


def test_a_press_is_a_click_on_the_message_that_carried_the_button():
    got = incoming({"update_id": 8, "callback_query": {
        "id": "cb1", "from": PERSON, "data": "menu|courses", "chat_instance": "1",
        "message": {"message_id": 5, "date": 0, "chat": PRIVATE}}})
    assert (got.event, got.chat_id, got.pressed_message_id, got.callback_id) == (
        Click("menu|courses"), 42, 5, "cb1")


def test_groups_edits_and_malformed_updates_are_not_for_the_dialogs():
    group = {"id": -100, "type": "supergroup"}
    assert incoming(message(text="/start", chat=group)) is None
    assert incoming({"update_id": 9, "edited_message": message(text="x")["message"]}) is None
    assert incoming(message(text="hi", **{"from": None})) is None
    assert incoming(message(text="hi", chat="private")) is None
    assert incoming({"update_id": 10, "callback_query": {"id": "cb", "from": PERSON}}) is None
    assert incoming({"update_id": 11, "message": ["not", "an", "object"]}) is None
    assert incoming(message(text=["not text"])).event == Text("")


def test_blocking_and_starting_the_bot_again_are_told_apart_from_other_changes():
    def change(status: str, chat: dict = PRIVATE) -> dict:
        return {"update_id": 12, "my_chat_member": {
            "chat": chat, "from": PERSON, "date": 0,
            "old_chat_member": {"status": "member", "user": PERSON},
            "new_chat_member": {"status": status, "user": PERSON}}}

    assert membership(change("kicked")) == ("42", True)
    assert membership(change("member")) == ("42", False)
    assert membership(change("administrator")) is None
    assert membership(change("kicked", {"id": -5, "type": "group"})) is None
    assert membership(message(text="hi")) is None
