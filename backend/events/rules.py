"""What kinds of events there are, and which registrations hold a seat."""

from backend.i18n import N_

KINDS = {  # kind → its name (a msgid)
    "career_trial": N_("Career trial"), "open_day": N_("Open day"),
    "master_class": N_("Master class"), "excursion": N_("Excursion to an employer"),
    "job_fair": N_("Job fair"), "consultation": N_("Consultation"),
}
HOLDING = ("confirmed", "pending", "offered")  # these hold a seat
ACTIVE = (*HOLDING, "waiting")
