from django.db import models
from django.utils.translation import gettext_lazy


class AssignmentStatus(models.TextChoices):
    OFFERED = "offered", "Offered"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    CANCELLED = "cancelled", "Cancelled"
    # A follow-up contact (a two-stage visit's second stage) whose window passed without one.
    NO_CONTACT = "no_contact", "No contact came"


class AuditStatus(models.TextChoices):
    """Where an audit is in review. ``audits.states`` holds the one state machine."""

    AWAITING_PHOTOS = "awaiting_photos", "Awaiting photos"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned to the auditor"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected: never counts"
    HELD = "held", "Held: its assignment was cancelled or declined; a reviewer decides"


class RejectReason(models.TextChoices):
    """Why a reviewer rejects an audit: it never counts, and its assignment can be reissued."""

    FABRICATED = "fabricated", "Fabricated"
    WRONG_LOCATION = "wrong_location", "Wrong location"
    OUTSIDE_WINDOW = "outside_window", "Outside the visit window"
    OTHER = "other", "Other (say why in the note)"


class AppealStatus(models.TextChoices):
    """Where a client's dispute of an audit's item stands. Upheld: the client was right, and the
    item is amended in a new scored revision; dismissed: the audit stands as approved."""

    OPEN = "open", gettext_lazy("Open")
    UPHELD = "upheld", gettext_lazy("Upheld: the item is amended")
    DISMISSED = "dismissed", gettext_lazy("Dismissed: the audit stands")


class FlagCode(models.TextChoices):
    """Plausibility findings for the reviewer; never a silent rejection."""

    CHECK_IN_TOO_FAR = "check_in_too_far", "Check-in farther than the location's radius"
    CHECK_IN_MISSING = "check_in_missing", "No check-in position for an in-person visit"
    VISIT_OUTSIDE_WINDOW = "visit_outside_window", "Visit outside the assignment's window"
    PHOTO_OUTSIDE_VISIT = "photo_outside_visit", "Photo taken outside the visit"
    PHOTO_REUSED = "photo_reused", "Photo reused from another audit"
    IMPOSSIBLE_DURATION = "impossible_duration", "Duration longer than the visit"
    CLOCK_SKEW = "clock_skew", "Device clock differs from the server's"


# How far apart device and server clocks may be before the reviewer is told.
CLOCK_SKEW_TOLERANCE_SECONDS = 300
# How long before the visit's start or after its end a photo may be taken (walking in, out).
PHOTO_TIME_TOLERANCE_SECONDS = 900
# Perceptual hashes this close (of 64 bits) count as the same picture.
PHASH_MAX_DISTANCE = 4
