"""Staff build surveys: the form's rules. Questions are fixed once answers come in."""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from backend.i18n import N_, TIMEZONE
from backend.models import Survey, SurveyQuestion, SurveyResponse
from backend.services import audit
from backend.services.broadcasts_audience import Audience
from backend.services.surveys import CHOICE_KINDS, KINDS, scale
from backend.untrusted import whole

STATUSES = ("draft", "published", "closed")
MAX_QUESTIONS = 50
MAX_FORM_ROWS = MAX_QUESTIONS + 10  # the form's rows come from the form: never trust their count
MESSAGES = {
    "required": N_("this field is required"),
    "bad_moment": N_("a date and time are expected"),
    "closes_first": N_("it closes before it opens"),
    "no_questions": N_("add at least one question"),
    "options": N_("2 to 20 options, one per line"),
    "condition": N_("a condition names an earlier question and one of its answers"),
}


def _moment(value: str) -> datetime | None | bool:
    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%dT%H:%M").replace(tzinfo=TIMEZONE)
    except ValueError:
        return False


def question_rows(form: dict[str, str], count: int) -> list[dict]:
    rows = []
    for n in range(1, min(count, MAX_FORM_ROWS) + 1):
        text = form.get(f"q{n}_text", "").strip()
        if not text:
            continue
        rows.append({"kind": form.get(f"q{n}_kind", "single"), "text": text[:500],
                     "options": [o.strip()[:200] for o in form.get(f"q{n}_options", "")
                                 .splitlines() if o.strip()],
                     "required": form.get(f"q{n}_required") == "yes",
                     "if": form.get(f"q{n}_if", "").strip(),
                     "answer": form.get(f"q{n}_answer", "").strip()[:200]})
    return rows


def check(values: dict, rows: list[dict]) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not values["title"]:
        problems["title"] = "required"
    for name in ("opens_at", "closes_at"):
        if values[name] is False:
            problems[name] = "bad_moment"
    if values["opens_at"] and values["closes_at"] and values["closes_at"] <= values["opens_at"]:
        problems["closes_at"] = "closes_first"
    if not rows or len(rows) > MAX_QUESTIONS:
        problems["questions"] = "no_questions"
    for position, row in enumerate(rows, start=1):
        if row["kind"] not in KINDS:
            row["kind"] = "single"
        if row["kind"] in ("single", "multiple") and not 2 <= len(row["options"]) <= 20:
            problems[f"q{position}"] = "options"
        if row["if"]:
            earlier = whole(row["if"]) or 0
            if not 1 <= earlier < position:
                problems[f"q{position}"] = "condition"
            else:
                source = rows[earlier - 1]
                choices = source["options"] if source["kind"] in ("single", "multiple") \
                    else scale(source["kind"]) if source["kind"] in CHOICE_KINDS else None
                if choices is not None and row["answer"] not in choices:
                    problems[f"q{position}"] = "condition"
    return problems


async def save(form: dict[str, str], *, actor: str, survey_id: int | None, rows_in_form: int,
               audience: Audience) -> tuple[Survey | None, dict[str, str]]:
    values = {"title": form.get("title", "").strip()[:200],
              "intro": form.get("intro", "").strip()[:2000],
              "anonymous": form.get("anonymous") == "yes",
              "allow_many": form.get("allow_many") == "yes",
              "opens_at": _moment(form.get("opens_at", "")),
              "closes_at": _moment(form.get("closes_at", "")),
              "status": form.get("status", "draft")}
    if values["status"] not in STATUSES:
        values["status"] = "draft"
    rows = question_rows(form, rows_in_form)
    answered = survey_id is not None and await SurveyResponse.exists(survey_id=survey_id)
    problems = check(values, rows)
    if answered:  # the questions stay as they were answered; only the settings change
        problems = {k: v for k, v in problems.items() if not k.startswith("q")}
    if problems:
        return None, problems
    async with in_transaction():
        if survey_id is None:
            survey = await Survey.create(created_by=actor, audience=audience.as_json(), **values)
        else:
            await Survey.filter(id=survey_id).update(audience=audience.as_json(), **values)
            survey = await Survey.get(id=survey_id)
        if not answered:
            await SurveyQuestion.filter(survey_id=survey.id).delete()
            for position, row in enumerate(rows, start=1):
                await SurveyQuestion.create(
                    survey_id=survey.id, position=position, kind=row["kind"], text=row["text"],
                    options=row["options"] if row["kind"] in ("single", "multiple") else [],
                    required=row["required"],
                    show_if_position=int(row["if"]) if row["if"] else None,
                    show_if_answer=row["answer"] if row["if"] else None)
        await audit.log(actor, "survey.saved", "survey", survey.id)
    return survey, {}


def form_of(survey: Survey, questions: list[SurveyQuestion]) -> dict[str, str]:
    values = {"title": survey.title, "intro": survey.intro, "status": survey.status,
              "anonymous": "yes" if survey.anonymous else "",
              "allow_many": "yes" if survey.allow_many else "",
              "opens_at": survey.opens_at.astimezone(TIMEZONE).strftime("%Y-%m-%dT%H:%M")
              if survey.opens_at else "",
              "closes_at": survey.closes_at.astimezone(TIMEZONE).strftime("%Y-%m-%dT%H:%M")
              if survey.closes_at else ""}
    for question in questions:
        n = question.position
        values |= {f"q{n}_kind": question.kind, f"q{n}_text": question.text,
                   f"q{n}_options": "\n".join(question.options),
                   f"q{n}_required": "yes" if question.required else "",
                   f"q{n}_if": str(question.show_if_position or ""),
                   f"q{n}_answer": question.show_if_answer or ""}
    return values
