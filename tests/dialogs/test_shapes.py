"""Every dialog is well formed: unique ids, known targets, buttons that fit both messengers."""

import pytest

from backend.i18n import N_
from dialogs import REGISTRY
from dialogs.engine import MAX_BUTTONS
from dialogs.model import END, Branch, Choose, Dialog, Jump, Say
from tests.talk import Press, Talker, onboard


def unknown_targets(dialog: Dialog) -> list:
    """Targets no step or dialog answers to: a static `next`, or one a callable declares."""
    unknown = []
    for step in dialog.steps:
        for target in getattr(step.next, "targets", (step.next,)):
            if isinstance(target, Jump) and target.dialog not in REGISTRY or isinstance(
                    target, str) and target != END and target not in dialog.index:
                unknown.append((step.id, target))
    return unknown


@pytest.mark.parametrize("dialog", list(REGISTRY.values()), ids=list(REGISTRY))
def test_targets_and_commands_are_known(dialog):
    assert unknown_targets(dialog) == []
    for step in dialog.steps:
        if isinstance(step, Choose) and not callable(step.options):
            assert all(len(o.value) <= 40 for o in step.options)
    assert dialog.title or not dialog.in_menu


def test_a_branch_to_a_missing_step_is_caught():
    broken = Dialog("broken", [Say("a", "A", next=Branch("x", {1: "b", 2: "nowhere"})),
                               Say("b", "B", next=Jump("no_such_dialog"))])
    assert unknown_targets(broken) == [("a", "nowhere"), ("b", Jump("no_such_dialog"))]


def test_a_branch_follows_the_data_and_refuses_a_value_without_an_edge():
    branch = Branch("form", {"choice": "choose", None: "finish"})
    assert (branch({"form": "choice"}), branch({})) == ("choose", "finish")
    with pytest.raises(KeyError):
        branch({"form": "drawing"})


async def test_every_screen_fits_telegram_and_vk_limits(mode):
    talk = Talker(mode.engine())
    await onboard(talk)
    screens = []
    for command in ["/menu", "/mydata", "/language", "/help", "/stop"]:
        screens += await talk(command)
    await talk("/mydata", Press("Отозвать согласие"))
    screens += talk.last
    for reply in screens:
        buttons = [b for row in reply.buttons for b in row]
        assert len(buttons) <= MAX_BUTTONS
        assert all(len(row) <= 5 for row in reply.buttons)
        assert all(len(b.payload.encode()) <= 64 and len(b.label) <= 40 for b in buttons)
        assert 0 < len(reply.text) <= 4096


async def test_long_option_lists_are_paged_within_ten_buttons(mode):
    from dialogs.engine import Engine
    from dialogs.model import Option

    many = tuple(Option(str(i), f"Вариант {i}", translate=False) for i in range(20))
    pick = Dialog("pick", [Choose("x", N_("Main menu"), many, "x"), Say("done", "{x}")])
    registry = {**REGISTRY, "pick": pick}
    talk = Talker(Engine(mode.store, registry))
    await onboard(talk)
    await talk("/start pick")
    assert talk.buttons() == [f"Вариант {i}" for i in range(6)] + ["›", "Главное меню"]
    await talk(Press("›"), Press("›"), Press("›"))
    assert talk.buttons() == [f"Вариант {i}" for i in range(18, 20)] + ["‹", "Главное меню"]
    await talk(Press("Вариант 19"))
    assert talk.last[0].text == "19"


async def test_no_button_payload_depends_on_what_staff_write(mode):
    """Options carry a short value (a number, an id); the label only shows, however long."""
    from backend.models import (
        Competency,
        Municipality,
        Organization,
        Program,
        Survey,
        SurveyQuestion,
    )

    words = "Очень длинный вариант, который написал сотрудник центра, номер "
    options = [words * 3 + str(n) for n in range(3)]  # 200 characters, 380 bytes each
    survey = await Survey.create(title="Опрос (демо)", status="published")
    for position, kind in enumerate(("single", "multiple"), start=1):
        await SurveyQuestion.create(survey_id=survey.id, position=position, kind=kind,
                                    text="Вопрос?", options=options, required=True)
    area = await Competency.create(name=options[2])
    college = await Organization.create(name="Колледж (демо)")
    await Program.create(code="P-1", title="Программа", type="prof_training", form="ochnaya",
                         hours=72, document="свидетельство", status="published",
                         organization_id=college.id, competency_id=area.id)
    place = (words * 2)[:64]
    # First, so on the first page; reference data outlives the test, so it goes afterwards.
    town = await Municipality.create(name=place, kind="муниципальный округ", centre="Центр",
                                     position=0)
    try:
        await walk_screens_with(place, options, mode)
    finally:
        await town.delete()


async def walk_screens_with(place: str, options: list[str], mode) -> None:
    talk = Talker(mode.engine())
    await onboard(talk)
    screens = {}
    screens["survey single"] = await talk("/surveys", Press("1"))
    screens["survey multiple"] = await talk(Press(options[0]))
    screens["courses place"] = await talk("/courses", "сварщик", Press("⚙ Фильтры и оповещения"),
                                          Press("📍 Где: везде"))
    screens["courses area"] = await talk("/courses", Press("📚 Выбрать направление"))
    screens["events place"] = await talk("/events", Press("⚙ Место и вид"),
                                         Press("📍 Где: везде"))
    wanted = {"survey single": options[0], "survey multiple": "☐ " + options[1],
              "courses place": place, "courses area": options[2], "events place": place}
    for name, replies in screens.items():
        buttons = [b for reply in replies for row in reply.buttons for b in row]
        assert wanted[name] in [b.label for b in buttons], (name, replies[-1].text)
        assert all(len(b.payload.encode()) <= 64 for b in buttons), name
