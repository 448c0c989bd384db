"""Database models. Singular CamelCase models, plural snake_case tables."""

from tortoise import fields
from tortoise.models import Model


class User(Model):
    """A resident's account in one channel (Telegram, VK or the terminal)."""

    id = fields.IntField(primary_key=True)
    platform = fields.CharField(max_length=16)
    external_id = fields.CharField(max_length=64)
    locale = fields.CharField(max_length=8, null=True)
    # None: not asked yet; True/False: the latest answer to the processing consent.
    pd_consent = fields.BooleanField(null=True)
    subscribed = fields.BooleanField(default=True)
    is_demo = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_seen_at = fields.DatetimeField(auto_now_add=True)
    anonymized_at = fields.DatetimeField(null=True)
    # A plain column, not a ForeignKeyField: tortoise 1.1.9 cannot unapply an added foreign key
    # on SQLite (the migration stairway test caught it). Municipalities are never deleted.
    municipality_id = fields.IntField(null=True, db_index=True)
    # Asked only when a service needs them (an application), and only with consent.
    full_name = fields.CharField(max_length=200, null=True)
    phone = fields.CharField(max_length=20, null=True)
    age_group = fields.CharField(max_length=8, null=True)  # "14-17", "18-24", … not a birth date
    blocked_at = fields.DatetimeField(null=True)  # blocked the bot; their next message undoes it

    class Meta:
        table = "users"
        unique_together = (("platform", "external_id"),)


class Consent(Model):
    """One answer of a resident to one versioned consent text (152-FZ art. 9)."""

    id = fields.IntField(primary_key=True)
    user = fields.ForeignKeyField("models.User", related_name="consents", on_delete=fields.CASCADE)
    purpose = fields.CharField(max_length=32)
    version = fields.CharField(max_length=32)
    text_hash = fields.CharField(max_length=64)
    locale = fields.CharField(max_length=8)
    granted = fields.BooleanField()
    channel = fields.CharField(max_length=16)
    evidence = fields.CharField(max_length=64, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "consents"
        indexes = (("user_id", "purpose"),)


class AuditEvent(Model):
    """Journal of actions with personal data: who, what, which record, when. No PD values."""

    id = fields.BigIntField(primary_key=True)
    actor = fields.CharField(max_length=64)
    action = fields.CharField(max_length=64)
    object_type = fields.CharField(max_length=32)
    object_id = fields.CharField(max_length=64)
    channel = fields.CharField(max_length=16, null=True)
    address = fields.CharField(max_length=64, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "audit_events"
        indexes = (("object_type", "object_id"),)


class InboxUpdate(Model):
    """A raw update from a messenger, stored before it is acknowledged."""

    id = fields.BigIntField(primary_key=True)
    channel = fields.CharField(max_length=16)
    key = fields.CharField(max_length=64)
    user_key = fields.CharField(max_length=64)
    payload = fields.JSONField()
    status = fields.CharField(max_length=12, default="pending")
    attempts = fields.SmallIntField(default=0)
    lease_until = fields.DatetimeField(null=True)
    error = fields.CharField(max_length=200, null=True)
    received_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "inbox_updates"
        unique_together = (("channel", "key"),)
        indexes = (("status", "user_key"),)


class ChannelCursor(Model):
    """Where a channel's poller stopped (VK long-poll ts, Telegram offset)."""

    name = fields.CharField(max_length=32, primary_key=True)
    value = fields.CharField(max_length=64)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "channel_cursors"


class Municipality(Model):
    """One of the region's municipalities (reference data, loaded by a migration)."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=64, unique=True)
    kind = fields.CharField(max_length=32)
    centre = fields.CharField(max_length=64)
    position = fields.SmallIntField()
    in_public_filters = fields.BooleanField(default=True)

    class Meta:
        table = "municipalities"
        ordering = ["position"]


class Organization(Model):
    """A college, employer, training provider or the Center itself."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200, unique=True)
    kind = fields.CharField(max_length=24, default="college")
    is_demo = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "organizations"


class StaffAccount(Model):
    """A personal account for the admin panel: no shared logins (FSTEC IAF.1)."""

    id = fields.IntField(primary_key=True)
    login = fields.CharField(max_length=64, unique=True)
    full_name = fields.CharField(max_length=200, default="")
    role = fields.CharField(max_length=16)
    organization = fields.ForeignKeyField("models.Organization", related_name="accounts",
                                          null=True, on_delete=fields.RESTRICT)
    password_hash = fields.CharField(max_length=200)
    must_change_password = fields.BooleanField(default=True)
    is_blocked = fields.BooleanField(default=False)
    # Sessions carry the epoch they were made in; raising it ends them all ("log out everywhere").
    session_epoch = fields.IntField(default=0)
    locale = fields.CharField(max_length=8, default="ru")
    created_at = fields.DatetimeField(auto_now_add=True)
    password_changed_at = fields.DatetimeField(auto_now_add=True)
    # The person's own chats, linked by sending the bot a one-time code from the panel: test
    # broadcasts go there and nowhere else. The pending code is kept only as its SHA-256.
    telegram_id = fields.CharField(max_length=64, null=True)
    vk_id = fields.CharField(max_length=64, null=True)
    link_code = fields.CharField(max_length=64, null=True, unique=True)
    link_code_until = fields.DatetimeField(null=True)

    class Meta:
        table = "staff_accounts"


class PasswordHistory(Model):
    """Earlier password hashes, so an old password is not reused."""

    id = fields.IntField(primary_key=True)
    account = fields.ForeignKeyField("models.StaffAccount", related_name="old_passwords",
                                     on_delete=fields.CASCADE)
    password_hash = fields.CharField(max_length=200)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "password_history"


class SignInEvent(Model):
    """Journal of sign-ins, failed sign-ins, lock-outs and sign-outs (regulation 3.3)."""

    id = fields.BigIntField(primary_key=True)
    login = fields.CharField(max_length=64)
    account_id = fields.IntField(null=True)
    kind = fields.CharField(max_length=24)
    address = fields.CharField(max_length=64, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "sign_in_events"
        indexes = (("login", "created_at"), ("address", "created_at"))


class JournalSeal(Model):
    """A link of a journal's hash chain: sha256 of the previous link and the row's every column.
    Written by the worker's sealer after the row committed, never changed (see integrity)."""

    id = fields.BigIntField(primary_key=True)
    journal = fields.CharField(max_length=32)  # audit_events or sign_in_events
    row_id = fields.BigIntField()
    digest = fields.CharField(max_length=64)
    sealed_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "journal_seals"
        unique_together = (("journal", "row_id"),)


class MaintenanceRun(Model):
    """The outcome of a backup or a verification, for the dashboard (no personal data)."""

    id = fields.IntField(primary_key=True)
    kind = fields.CharField(max_length=16)  # backup or verify
    ok = fields.BooleanField()
    finished_at = fields.DatetimeField()
    details = fields.JSONField(default=dict)

    class Meta:
        table = "maintenance_runs"
        indexes = (("kind", "finished_at"),)


class CareerTest(Model):
    """A career-guidance test. Its items live in versions, and results keep their version."""

    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=32, unique=True)
    title_ru = fields.CharField(max_length=100)
    title_en = fields.CharField(max_length=100)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "career_tests"


class CareerTestVersion(Model):
    id = fields.IntField(primary_key=True)
    test = fields.ForeignKeyField("models.CareerTest", related_name="versions",
                                  on_delete=fields.CASCADE)
    number = fields.SmallIntField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "career_test_versions"
        unique_together = (("test_id", "number"),)


class CareerItem(Model):
    """One work activity: «Интересно / Не знаю / Неинтересно»."""

    id = fields.IntField(primary_key=True)
    version = fields.ForeignKeyField("models.CareerTestVersion", related_name="items",
                                     on_delete=fields.CASCADE)
    position = fields.SmallIntField()
    type = fields.CharField(max_length=1)
    sector = fields.CharField(max_length=32)
    text_ru = fields.CharField(max_length=300)
    text_en = fields.CharField(max_length=300)
    # Words of the programs this activity is about («погрузчик, харвестер»): a resident who
    # finds it not interesting is not offered them.
    topics = fields.CharField(max_length=300, default="", db_default="")

    class Meta:
        table = "career_items"
        unique_together = (("version_id", "position"),)


class CareerTypeText(Model):
    """What a type is called and what its people enjoy, per version and language."""

    id = fields.IntField(primary_key=True)
    version = fields.ForeignKeyField("models.CareerTestVersion", related_name="type_texts",
                                     on_delete=fields.CASCADE)
    type = fields.CharField(max_length=1)
    name_ru = fields.CharField(max_length=40)
    name_en = fields.CharField(max_length=40)
    about_ru = fields.TextField()
    about_en = fields.TextField()
    professions_ru = fields.TextField()
    professions_en = fields.TextField()

    class Meta:
        table = "career_type_texts"
        unique_together = (("version_id", "type"),)


class CareerResult(Model):
    """A finished test: answers, scores and flags, with the version it was taken in."""

    id = fields.IntField(primary_key=True)
    user = fields.ForeignKeyField("models.User", related_name="career_results",
                                  on_delete=fields.CASCADE)
    version = fields.ForeignKeyField("models.CareerTestVersion", related_name="results",
                                     on_delete=fields.RESTRICT)
    started_at = fields.DatetimeField()
    finished_at = fields.DatetimeField()
    answers = fields.JSONField()
    scores = fields.JSONField()
    code = fields.CharField(max_length=16)
    flags = fields.JSONField()

    class Meta:
        table = "career_results"


class CareerAttempt(Model):
    """A test being taken: how far it got, so staff see completion and where people stop."""

    id = fields.IntField(primary_key=True)
    user = fields.ForeignKeyField("models.User", related_name="career_attempts",
                                  on_delete=fields.CASCADE)
    version = fields.ForeignKeyField("models.CareerTestVersion", related_name="attempts",
                                     on_delete=fields.RESTRICT)
    started_at = fields.DatetimeField()
    reached = fields.SmallIntField(default=0)
    result = fields.ForeignKeyField("models.CareerResult", related_name="attempt", null=True,
                                    on_delete=fields.SET_NULL)

    class Meta:
        table = "career_attempts"


class Competency(Model):
    """A skill area programs teach («Сварочные технологии», «Бухучёт / 1С»)."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "competencies"


class Program(Model):
    """An educational program (273-FZ), keyed by the external `code` imports update."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=64, unique=True)
    title = fields.CharField(max_length=300)
    type = fields.CharField(max_length=24)
    competency = fields.ForeignKeyField("models.Competency", related_name="programs", null=True,
                                        on_delete=fields.SET_NULL)
    form = fields.CharField(max_length=16)
    distance = fields.BooleanField(default=False)
    hours = fields.IntField()
    price = fields.IntField(default=0)  # roubles
    free_for = fields.JSONField(default=list)
    municipality = fields.ForeignKeyField("models.Municipality", related_name="programs",
                                          null=True, on_delete=fields.RESTRICT)
    organization = fields.ForeignKeyField("models.Organization", related_name="programs",
                                          on_delete=fields.RESTRICT)
    start_date = fields.DateField(null=True)
    document = fields.CharField(max_length=200)
    description = fields.TextField(default="")
    requirements = fields.TextField(default="")
    url = fields.CharField(max_length=500, default="")
    status = fields.CharField(max_length=12, default="draft")
    published_at = fields.DatetimeField(null=True)  # first publication, for subscribers
    is_demo = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "programs"
        indexes = (("status", "type"),)


class SearchSynonym(Model):
    """A phrase staff taught the search, as a line of lexicon.tsv does («мастер на все руки»).

    It leads to one competency or to words the programs' texts contain."""

    id = fields.IntField(primary_key=True)
    phrase = fields.CharField(max_length=100, unique=True)  # lower case, single spaces, е for ё
    competency = fields.ForeignKeyField("models.Competency", related_name="synonyms", null=True,
                                        on_delete=fields.CASCADE)
    words = fields.CharField(max_length=100, default="")  # catalog words, when no competency
    created_by = fields.CharField(max_length=64)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "search_synonyms"


class CareerTypeCompetency(Model):
    """How strongly a career type points to a competency (1 a little … 3 strongly)."""

    id = fields.IntField(primary_key=True)
    test = fields.ForeignKeyField("models.CareerTest", related_name="competency_weights",
                                  on_delete=fields.CASCADE)
    type = fields.CharField(max_length=1)
    competency = fields.ForeignKeyField("models.Competency", related_name="career_weights",
                                        on_delete=fields.CASCADE)
    weight = fields.SmallIntField(default=1)

    class Meta:
        table = "career_type_competencies"
        unique_together = (("test_id", "type", "competency_id"),)


class Application(Model):
    """A resident asks to study a program or to talk to a career counsellor."""

    id = fields.IntField(primary_key=True)
    user = fields.ForeignKeyField("models.User", related_name="applications",
                                  on_delete=fields.CASCADE)
    kind = fields.CharField(max_length=16)  # "program" or "consultation"
    program = fields.ForeignKeyField("models.Program", related_name="applications", null=True,
                                     on_delete=fields.RESTRICT)
    status = fields.CharField(max_length=12, default="new")
    channel = fields.CharField(max_length=16)
    is_demo = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "applications"
        indexes = (("status", "created_at"),)


class ProgramSubscription(Model):
    """A resident wants to hear of new programs matching a search."""

    id = fields.IntField(primary_key=True)
    user = fields.ForeignKeyField("models.User", related_name="program_subscriptions",
                                  on_delete=fields.CASCADE)
    query = fields.CharField(max_length=200)  # the words searched, "" for an area
    label = fields.CharField(max_length=200)  # what the resident sees: the words or the area
    filters = fields.JSONField(default=dict)
    checked_until = fields.DatetimeField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "program_subscriptions"


class OutboxMessage(Model):
    """A message the platform starts (not an answer): sent by the channel's deliverer."""

    id = fields.BigIntField(primary_key=True)
    platform = fields.CharField(max_length=16)
    address = fields.CharField(max_length=64)  # chat id or peer id
    user_id = fields.IntField(null=True)  # None for staff chats
    key = fields.CharField(max_length=96, unique=True)  # the same notice is queued once
    text = fields.TextField()
    button = fields.JSONField(null=True)  # {"label": ..., "link": "<dialog>-<arg>"}
    image = fields.BinaryField(null=True)  # a picture sent with the text (a broadcast's test)
    filename = fields.CharField(max_length=200, null=True)  # set: `image` is this file instead
    status = fields.CharField(max_length=12, default="pending")
    attempts = fields.SmallIntField(default=0)
    lease_until = fields.DatetimeField(null=True)
    error = fields.CharField(max_length=200, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "outbox_messages"
        indexes = (("platform", "status"),)


def default_reminders() -> list[int]:
    """Hours before the start when the registered are reminded."""
    return [24, 2]


class Event(Model):
    """A career trial, open day, master class, excursion, job fair or consultation."""

    id = fields.IntField(primary_key=True)
    kind = fields.CharField(max_length=16)
    title = fields.CharField(max_length=200)
    description = fields.TextField(default="")
    audience = fields.CharField(max_length=200, default="")  # who it is for, in words
    municipality_id = fields.IntField(null=True)  # None: online
    competency_id = fields.IntField(null=True)  # what it lets people try; test results use it
    venue = fields.CharField(max_length=300, default="")
    online_url = fields.CharField(max_length=500, default="")
    starts_at = fields.DatetimeField()
    ends_at = fields.DatetimeField()
    capacity = fields.IntField()
    taken = fields.IntField(default=0)  # seats held: confirmed, awaiting approval, offered
    registration_deadline = fields.DatetimeField()
    cancellation_deadline = fields.DatetimeField()
    min_age = fields.SmallIntField(null=True)
    max_age = fields.SmallIntField(null=True)
    approval_required = fields.BooleanField(default=False)
    questions = fields.JSONField(default=list)  # texts of event-specific questions
    questions_en = fields.JSONField(default=list, db_default=[])  # in English, where written
    reminder_hours = fields.JSONField(default=default_reminders)
    offer_hours = fields.SmallIntField(default=24)  # how long a freed seat waits for its taker
    survey_url = fields.CharField(max_length=500, default="")  # sent with the thank-you
    status = fields.CharField(max_length=12, default="draft")  # draft, published, cancelled
    organization_id = fields.IntField(null=True)
    is_demo = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "events"
        indexes = (("status", "starts_at"),)


class Registration(Model):
    """One resident at one event: a seat, a place in the waiting list, or a past one."""

    id = fields.IntField(primary_key=True)
    event = fields.ForeignKeyField("models.Event", related_name="registrations",
                                   on_delete=fields.CASCADE)
    user = fields.ForeignKeyField("models.User", related_name="registrations",
                                  on_delete=fields.CASCADE)
    # confirmed, pending (approval), waiting, offered, cancelled, declined, expired
    status = fields.CharField(max_length=12)
    ticket = fields.CharField(max_length=32, unique=True)
    answers = fields.JSONField(default=list)
    channel = fields.CharField(max_length=16)
    waiting_since = fields.DatetimeField(null=True)  # the waiting list's order
    offer_until = fields.DatetimeField(null=True)
    checked_in_at = fields.DatetimeField(null=True)
    is_demo = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "registrations"
        unique_together = (("event_id", "user_id"),)
        indexes = (("event_id", "status"),)


class Broadcast(Model):
    """An announcement to an audience: text, an optional picture and button, sent at a rate."""

    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=200)  # for staff only
    text = fields.TextField()
    text_en = fields.TextField(default="", db_default="")  # in English; empty: `text` for all
    image = fields.BinaryField(null=True)  # a PNG or JPEG, at most 1 MB
    button = fields.JSONField(null=True)  # {"label": ..., "link": "<dialog>-<argument>"}
    audience = fields.JSONField(default=dict)  # backend.services.broadcasts_audience.Audience
    # draft, scheduled, sending, paused, cancelled, done
    status = fields.CharField(max_length=12, default="draft")
    scheduled_at = fields.DatetimeField(null=True)
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)
    created_by = fields.CharField(max_length=64)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "broadcasts"


class BroadcastRecipient(Model):
    """One resident of a broadcast and what became of the message to them."""

    id = fields.BigIntField(primary_key=True)
    broadcast = fields.ForeignKeyField("models.Broadcast", related_name="recipients",
                                       on_delete=fields.CASCADE)
    user_id = fields.IntField()
    platform = fields.CharField(max_length=16)
    address = fields.CharField(max_length=64)
    locale = fields.CharField(max_length=8, default="ru", db_default="ru")  # the text's version
    # pending, sending (marked before the call), sent, failed, blocked, unknown (answer lost)
    state = fields.CharField(max_length=8, default="pending")
    attempts = fields.SmallIntField(default=0)
    lease_until = fields.DatetimeField(null=True)
    error = fields.CharField(max_length=200, null=True)
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "broadcast_recipients"
        unique_together = (("broadcast_id", "user_id"),)
        indexes = (("broadcast_id", "state"), ("platform", "state"))


class Survey(Model):
    """A questionnaire residents answer in the bot (labour-market studies, event feedback)."""

    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=200)
    intro = fields.TextField(default="")
    # English versions, where written (db_default: rows made before them get "")
    title_en = fields.CharField(max_length=200, default="", db_default="")
    intro_en = fields.TextField(default="", db_default="")
    anonymous = fields.BooleanField(default=False)
    allow_many = fields.BooleanField(default=False)  # more than one response per person
    opens_at = fields.DatetimeField(null=True)
    closes_at = fields.DatetimeField(null=True)
    audience = fields.JSONField(default=dict)  # who may answer (services.broadcasts_audience)
    status = fields.CharField(max_length=12, default="draft")  # draft, published, closed
    is_demo = fields.BooleanField(default=False)
    created_by = fields.CharField(max_length=64, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "surveys"


class SurveyQuestion(Model):
    id = fields.IntField(primary_key=True)
    survey = fields.ForeignKeyField("models.Survey", related_name="questions",
                                    on_delete=fields.CASCADE)
    position = fields.SmallIntField()
    # single, multiple, scale5 (1-5), scale10 (0-10), text, number, date
    kind = fields.CharField(max_length=8)
    text = fields.CharField(max_length=500)
    options = fields.JSONField(default=list)
    text_en = fields.CharField(max_length=500, default="", db_default="")  # in English
    options_en = fields.JSONField(default=list, db_default=[])
    # Its first option («Да») turns mailings on.
    subscribes = fields.BooleanField(default=False, db_default=False)
    required = fields.BooleanField(default=True)
    # Shown only if question `show_if_position` was answered `show_if_answer`.
    show_if_position = fields.SmallIntField(null=True)
    show_if_answer = fields.CharField(max_length=200, null=True)

    class Meta:
        table = "survey_questions"
        unique_together = (("survey_id", "position"),)


class SurveyResponse(Model):
    """One filling-in of a survey. Anonymous ones carry no link to the person."""

    id = fields.IntField(primary_key=True)
    survey = fields.ForeignKeyField("models.Survey", related_name="responses",
                                    on_delete=fields.CASCADE)
    user_id = fields.IntField(null=True)  # None in an anonymous survey
    status = fields.CharField(max_length=8, default="partial")  # partial, complete
    answers = fields.JSONField(default=dict)  # {"<position>": value}
    channel = fields.CharField(max_length=16)
    municipality_id = fields.IntField(null=True)  # coarse, for the results' filters
    age_group = fields.CharField(max_length=8, null=True)
    started_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()
    completed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "survey_responses"
        indexes = (("survey_id", "status"),)


class SurveyParticipation(Model):
    """That a resident answered a survey — kept apart from what they answered, so one
    response per person holds in an anonymous survey too."""

    id = fields.IntField(primary_key=True)
    survey = fields.ForeignKeyField("models.Survey", related_name="participations",
                                    on_delete=fields.CASCADE)
    user_id = fields.IntField()
    completed = fields.IntField(default=0)  # how many responses they finished
    response_id = fields.IntField(null=True)  # their unfinished one; None when anonymous

    class Meta:
        table = "survey_participations"
        unique_together = (("survey_id", "user_id"),)


class Consultation(Model):
    """A resident's conversation with the Center's consultants, in the messenger they use."""

    id = fields.IntField(primary_key=True)
    user = fields.ForeignKeyField("models.User", related_name="consultations",
                                  on_delete=fields.CASCADE)
    channel = fields.CharField(max_length=16)
    status = fields.CharField(max_length=8, default="open")  # open, closed
    assignee_id = fields.IntField(null=True)  # a staff account; a plain column, as municipality
    created_at = fields.DatetimeField()
    last_message_at = fields.DatetimeField()
    waiting_since = fields.DatetimeField(null=True)  # the resident's oldest unanswered message
    first_reply_at = fields.DatetimeField(null=True)
    closed_at = fields.DatetimeField(null=True)
    rating = fields.SmallIntField(null=True)  # 1–5, after it is closed
    changed_at = fields.DatetimeField(db_index=True)  # any change: the live list looks here

    class Meta:
        table = "consultations"
        indexes = (("status", "last_message_at"), ("user_id", "status"))


class ConsultationMessage(Model):
    """One message of a conversation: the resident's, a consultant's reply, or a staff note."""

    id = fields.BigIntField(primary_key=True)
    consultation = fields.ForeignKeyField("models.Consultation", related_name="messages",
                                          on_delete=fields.CASCADE)
    author = fields.CharField(max_length=8)  # resident, staff, note
    staff_id = fields.IntField(null=True)
    text = fields.TextField()
    file_name = fields.CharField(max_length=200, null=True)
    file = fields.BinaryField(null=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "consultation_messages"
        indexes = (("consultation_id", "id"),)  # a conversation's messages, in order


class CannedAnswer(Model):
    """A ready answer consultants insert and edit in the panel."""

    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=100, unique=True)
    text = fields.TextField()
    updated_by = fields.CharField(max_length=64)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "canned_answers"
