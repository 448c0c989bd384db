"""Demo surveys: residents' learning plans and employers' staffing needs (regulation 4.1)."""

from __future__ import annotations

from datetime import datetime

from backend.models import Survey, SurveyQuestion

MAILING_OFFER = "Рассказать вам о новых курсах по этим направлениям?"
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
         ("single", MAILING_OFFER, ["Да", "Нет"], True, None, None),
     ]),
    # Left in Russian only, as staff may leave a survey: English residents are told so.
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

# English versions staff wrote: the survey's title and intro, each question and its options.
ENGLISH = {
    "Ваши планы на учёбу и работу (демо)": (
        "Your plans for study and work (demo)",
        "Seven short questions about what you would like to learn. Your answers help the "
        "Center decide which courses to open in your district."),
    "Чем вы сейчас заняты?": ("What do you do now?", [
        "At school", "At college or university", "Working", "Looking for a job",
        "On parental leave"]),
    "Какие направления вам интересны?": ("Which fields interest you?", [
        "Welding and metal", "Forestry and woodwork", "IT and 1C", "Services", "Transport",
        "Teaching and care"]),
    "Какой формат удобнее?": ("Which format suits you?", ["In person", "Online", "Mixed"]),
    "Насколько вы готовы учиться в ближайшие полгода? (1 — не готов, 5 — точно)": (
        "How ready are you to study in the next six months? (1 — not ready, 5 — certainly)",
        []),
    "Сколько часов в неделю вы могли бы учиться?": (
        "How many hours a week could you study?", []),
    "Какой работы вам не хватает в вашем районе?": (
        "What work is missing in your district?", []),
    MAILING_OFFER: ("Shall we tell you about new courses in these fields?", ["Yes", "No"]),
}


async def seed(now: datetime) -> dict[str, int]:
    created = 0
    for title, anonymous, intro, questions in SURVEYS:
        title_en, intro_en = ENGLISH.get(title, ("", ""))
        survey, fresh = await Survey.get_or_create(title=title, is_demo=True, defaults={
            "intro": intro, "title_en": title_en, "intro_en": intro_en, "anonymous": anonymous,
            "status": "published", "opens_at": now, "created_by": "demo"})
        if not fresh:
            continue
        created += 1
        for position, (kind, text, options, required, when, answer) in enumerate(questions, 1):
            text_en, options_en = ENGLISH.get(text, ("", []))
            await SurveyQuestion.create(survey_id=survey.id, position=position, kind=kind,
                                        text=text, options=options, required=required,
                                        show_if_position=when, show_if_answer=answer,
                                        text_en=text_en, options_en=options_en,
                                        subscribes=text == MAILING_OFFER)
    return {"surveys_created": created, "surveys_total": len(SURVEYS)}


async def reset() -> int:
    return await Survey.filter(is_demo=True).delete()
