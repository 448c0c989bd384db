"""Demo surveys: residents' learning plans and employers' staffing needs (regulation 4.1)."""

from __future__ import annotations

from datetime import datetime

from backend.models import Survey, SurveyQuestion

AREAS = ["Сварка и металл", "Лес и деревообработка", "IT и 1С", "Сфера услуг", "Транспорт",
         "Педагогика и уход"]
SURVEYS = [
    ("Ваши планы на учёбу и работу (демо)", False,
     "Семь коротких вопросов о том, чему вы хотите научиться. Ответы помогут Центру решить, "
     "какие курсы открыть в вашем районе.", [
         ("single", "Чем вы сейчас заняты?", ["Учусь в школе", "Учусь в колледже или вузе",
                                            "Работаю", "Ищу работу", "В декрете"], True, None,
          None),
         ("multiple", "Какие направления вам интересны?", AREAS, True, None, None),
         ("single", "Какой формат удобнее?", ["Очно", "Онлайн", "Смешанный"], True, None, None),
         ("scale5", "Насколько вы готовы учиться в ближайшие полгода? (1 — не готов, 5 — точно)",
          [], True, None, None),
         ("number", "Сколько часов в неделю вы могли бы учиться?", [], False, None, None),
         ("text", "Какой работы вам не хватает в вашем районе?", [], False, None, None),
         ("single", "Рассказать вам о новых курсах по этим направлениям?", ["Да", "Нет"], True,
          None, None),
     ]),
    ("Потребность работодателей в кадрах (демо)", True,
     "Анонимный опрос для работодателей региона: кого вам не хватает.", [
         ("single", "Сколько человек работает в вашей организации?",
          ["до 15", "16–100", "101–250", "больше 250"], True, None, None),
         ("single", "Нужны ли вам новые сотрудники в ближайший год?", ["Да", "Нет"], True, None,
          None),
         ("multiple", "Каких специалистов не хватает?", AREAS, True, 2, "Да"),
         ("number", "Сколько человек вы готовы принять?", [], True, 2, "Да"),
         ("scale10", "Насколько вы готовы участвовать в обучении (практика, наставники)?", [],
          True, None, None),
         ("text", "Чему стоит учить выпускников колледжей?", [], False, None, None),
     ]),
]


async def seed(now: datetime) -> dict[str, int]:
    created = 0
    for title, anonymous, intro, questions in SURVEYS:
        survey, fresh = await Survey.get_or_create(title=title, is_demo=True, defaults={
            "intro": intro, "anonymous": anonymous, "status": "published", "opens_at": now,
            "created_by": "demo"})
        if not fresh:
            continue
        created += 1
        for position, (kind, text, options, required, when, answer) in enumerate(questions, 1):
            await SurveyQuestion.create(survey_id=survey.id, position=position, kind=kind,
                                        text=text, options=options, required=required,
                                        show_if_position=when, show_if_answer=answer)
    return {"surveys_created": created, "surveys_total": len(SURVEYS)}


async def reset() -> int:
    return await Survey.filter(is_demo=True).delete()
