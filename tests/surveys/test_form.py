"""The survey form reads into a typed draft; the service judges the draft by the rules."""

from __future__ import annotations

from datetime import datetime

from admin_web.forms import surveys as surveys_form
from backend.i18n import TIMEZONE
from backend.services.broadcasts_audience import Audience
from backend.services.surveys import SurveyInfo
from backend.services.surveys_editing import QuestionDraft, SurveyDraft, check
from backend.surveys.questions import Question

YES_NO = QuestionDraft("single", "Работаете?", ("Да", "Нет"), required=True)


def test_the_form_reads_into_a_draft_and_names_what_it_could_not_read():
    draft, problems = surveys_form.read({
        "title": "  Опрос  ", "status": "hacked", "opens_at": "2026-12-01T09:30",
        "closes_at": "завтра", "q1_kind": "drawing", "q1_text": "Кем?", "q1_options": "А\n\nБ",
        "q1_required": "yes", "q2_text": "", "q3_text": "Сколько?", "q3_if": "x"}, 3, Audience())
    assert problems == {"closes_at": "bad_moment"}
    assert (draft.title, draft.status, draft.closes_at) == ("Опрос", "draft", None)
    assert draft.opens_at == datetime(2026, 12, 1, 9, 30, tzinfo=TIMEZONE)
    assert draft.questions == (QuestionDraft("single", "Кем?", ("А", "Б"), required=True),
                               QuestionDraft("single", "Сколько?", show_if=0))


def test_a_saved_survey_shows_in_the_form_as_it_reads_back():
    opens = datetime(2026, 12, 1, 9, 30, tzinfo=TIMEZONE)
    survey = SurveyInfo(1, "Опрос", "", "published", True, False, opens, None, Audience())
    questions = [Question(1, "single", "Работаете?", ("Да", "Нет")),
                 Question(2, "text", "Кем?", required=False, show_if_position=1,
                          show_if_answer="Да")]
    values = surveys_form.shown(survey, questions)
    assert values["opens_at"] == "2026-12-01T09:30"
    draft, problems = surveys_form.read(values, 2, Audience())
    assert problems == {} and draft.anonymous and draft.opens_at == opens
    assert draft.questions == (YES_NO, QuestionDraft("text", "Кем?", show_if=1,
                                                     show_if_answer="Да"))


def test_the_rules_of_a_draft():
    when = datetime(2026, 12, 1, tzinfo=TIMEZONE)
    draft = SurveyDraft("", opens_at=when, closes_at=when, questions=(
        YES_NO, QuestionDraft("multiple", "Что?", ("Одно",)),
        QuestionDraft("text", "Кем?", show_if=1, show_if_answer="Может быть"),
        QuestionDraft("text", "Где?", show_if=4), QuestionDraft("text", "Когда?", show_if=1,
                                                                show_if_answer="Да")))
    assert check(draft, answered=False) == {"title": "required", "closes_at": "closes_first",
                                            "q2": "options", "q3": "condition",
                                            "q4": "condition"}
    assert check(draft, answered=True) == {"title": "required", "closes_at": "closes_first"}
    assert check(SurveyDraft("Опрос"), answered=False) == {"questions": "no_questions"}
