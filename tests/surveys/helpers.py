"""A labour-market survey to answer in the tests."""

from __future__ import annotations

from backend.models import Survey, SurveyQuestion

QUESTIONS = [
    ("single", "Вы сейчас работаете?", ["Да", "Нет"], True, None, None),
    ("text", "Кем вы работаете?", [], True, 1, "Да"),
    ("multiple", "Чему хотели бы научиться?", ["Сварка", "1С", "Вождение"], True, None, None),
    ("scale10", "Насколько вероятно, что вы пойдёте учиться в этом году?", [], True, None,
     None),
    ("number", "Сколько километров до ближайшего колледжа?", [], False, None, None),
    ("date", "Когда вам удобно начать?", [], False, None, None),
]


async def make_survey(anonymous: bool = False, **values) -> Survey:
    survey = await Survey.create(title="Планы жителей (демо)", intro="Пять минут, спасибо!",
                                 anonymous=anonymous, status="published", **values)
    for position, (kind, text, options, required, when, answer) in enumerate(QUESTIONS, 1):
        await SurveyQuestion.create(survey_id=survey.id, position=position, kind=kind,
                                    text=text, options=options, required=required,
                                    show_if_position=when, show_if_answer=answer)
    return survey
