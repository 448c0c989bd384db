"""The conversation is the resident's personal data: /mydata shows it, the export holds it,
anonymization erases its texts and files (and the replies not sent yet)."""

from __future__ import annotations

from backend.models import Consultation, ConsultationMessage, OutboxMessage, User
from backend.services import consultations, residents
from tests.consultations.test_dialog import TUESDAY_NOON, resident
from tests.talk import Press


async def a_conversation(mode):
    talk = await resident(mode)
    await talk("/operator", Press("✍️ Написать вопрос"), "Где учиться на повара в Вельске?")
    user = await User.get()
    await User.filter(id=user.id).update(platform="telegram", external_id="4242")
    number = (await Consultation.get()).id
    await consultations.reply(number, "В Вельском колледже.", account_id=1, address=None,
                              file=("план.pdf", b"%PDF plan"))
    return talk, user.id, number


async def test_mydata_shows_the_questions_and_the_export_holds_them(mode):
    talk, user_id, number = await a_conversation(mode)
    await consultations.close(number, actor="staff:1", address=None)
    await consultations.rate(user_id, number, 5)
    await User.filter(id=user_id).update(platform="terminal", external_id="resident-1")
    await talk("/mydata")
    assert "Вопросы консультантам: 1" in talk.text()
    assert f"№ {number}" in talk.text() and "2 сообщения, закрыт, ваша оценка 5" in talk.text()
    data = await residents.export(user_id, actor="staff:1", address=None)
    [exported] = data["consultations"]
    assert exported["rating"] == 5
    assert [(m["from"], m["text"], m["file"]) for m in exported["messages"]] == [
        ("resident", "Где учиться на повара в Вельске?", None),
        ("staff", "В Вельском колледже.", "план.pdf")]


async def test_anonymization_erases_the_texts_files_and_pending_replies(mode):
    _, user_id, number = await a_conversation(mode)
    await consultations.note(number, "звонила маме", account_id=1, address=None)
    await residents.anonymize(user_id, actor="staff:1", address=None)
    rows = await ConsultationMessage.all().values_list("text", "file", "file_name")
    assert rows == [("", None, None)] * 3
    notice = await OutboxMessage.get(key__startswith=consultations.REPLY_KEY)
    assert (notice.text, notice.image, notice.status) == ("", None, "failed")
    kept = await Consultation.get()  # the times stay, for the statistics
    assert kept.created_at and kept.first_reply_at and kept.user_id == user_id
    assert TUESDAY_NOON  # the conversation was asked within working hours
