"""The staff daily digest: per person, what is new in their queue and which deadlines come due.

It reads reports only through `visibility.staff_reports` and the back office's own queue filter, so it can
never list more than the person's queue shows. It names reports by tracking code, status and due day
only: no title, no body, no reporter (an e-mail may be forwarded or read outside the office).

Once a day per person: a `DigestSent(user, day)` row is inserted before the mail is sent; its unique pair
is the claim, so several workers running the same schedule never send twice. A failed send removes the
claim and the next pass tries again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from aduan.backoffice.deadlines import deadline_of, end_of_today
from aduan.backoffice.queue import default_filter
from aduan.channels.email.answers import auto_headers
from aduan.channels.email.models import DigestSent
from aduan.core.calendar import get_calendar
from aduan.reports.models import Assignment, Report, Status
from aduan.reports.states import BEFORE_VERIFICATION, OPEN
from aduan.reports.visibility import Viewer, staff_reports

logger = logging.getLogger("aduan.digest")
SOON_WORKING_DAYS = 2
# Counting stops here: a national queue may hold millions, and "1000+" says enough in a digest.
COUNT_CAP = 1000
SMTP_TIMEOUT = 30


@dataclass
class Section:
    title: str
    count: int
    reports: list[Report]


@dataclass
class Digest:
    sections: list[Section]
    total: int  # distinct reports needing attention (a new report may also be due)


@dataclass
class RunResult:
    sent: int = 0
    empty: int = 0
    failed: int = 0
    users: list[int] = field(default_factory=list)


def is_due(now: datetime | None = None) -> bool:
    hour = settings.ADUAN_DIGEST_HOUR
    return 0 <= hour <= 23 and timezone.localtime(now or timezone.now()).hour >= hour


def recipients(day) -> QuerySet:
    """Active staff with an e-mail who have not had today's digest."""
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__isnull=False, memberships__institution__active=True)
        .exclude(email="")
        .exclude(email_digests__day=day)
        .distinct()
        .order_by("pk")
    )


def run_due(*, now: datetime | None = None, force: bool = False, limit: int = 200) -> RunResult:
    """Send the digests owed now: from ADUAN_DIGEST_HOUR local time (or at once with `force`), once a day.
    Safe to call from every worker on every sweep; it costs one query once everyone has had theirs."""
    now = now or timezone.now()
    result = RunResult()
    if not force and not is_due(now):
        return result
    day = timezone.localdate(now)
    for user in recipients(day)[:limit]:
        outcome = send_to(user, now)
        result.users.append(user.pk)
        setattr(result, outcome, getattr(result, outcome) + 1)
    return result


def send_to(user, now: datetime) -> str:
    """ "sent", "empty" (nothing to say: recorded, no mail), "failed" (claim dropped) or "" (someone else's)."""
    day = timezone.localdate(now)
    since = _since(user, now)
    try:
        with transaction.atomic():
            claim = DigestSent.objects.create(user=user, day=day, created_at=now)
    except IntegrityError:
        return "empty"  # another worker claimed it this instant
    digest = build(user, now, since)
    if digest.total == 0:
        DigestSent.objects.filter(pk=claim.pk).update(items=0)
        return "empty"
    try:
        message(user, digest, now).send()
    except Exception:
        logger.warning("digest for user %s failed", user.pk, exc_info=True)
        DigestSent.objects.filter(pk=claim.pk).delete()
        return "failed"
    DigestSent.objects.filter(pk=claim.pk).update(items=digest.total, sent=True)
    return "sent"


def _since(user, now: datetime) -> datetime:
    last = DigestSent.objects.filter(user=user).order_by("-day").values_list("created_at", flat=True).first()
    return last if last is not None and last > now - timedelta(days=7) else now - timedelta(days=1)


def build(user, now: datetime, since: datetime) -> Digest:
    viewer = Viewer(user)
    queue = staff_reports(viewer).filter(default_filter(viewer, now))
    limit = settings.ADUAN_DIGEST_MAX_ITEMS
    handled_by_me = _assigned_since(viewer, since)
    is_new = Q(status__in=BEFORE_VERIFICATION, submitted_at__gte=since) | Q(Exists(handled_by_me))
    new = queue.filter(is_new)
    open_ = queue.filter(status__in=OPEN, due_at__isnull=False)
    today_end = end_of_today(now)
    soon_end = get_calendar().due_at(now, SOON_WORKING_DAYS)
    attention = queue.filter(is_new | Q(status__in=OPEN, due_at__lte=soon_end))
    parts = [
        (_("Baru masuk antrean Anda"), new.order_by("-submitted_at", "pk")),
        (_("Lewat tenggat"), open_.filter(due_at__lte=now).order_by("due_at", "pk")),
        (_("Tenggat hari ini"), open_.filter(due_at__gt=now, due_at__lte=today_end).order_by("due_at", "pk")),
        (
            _("Tenggat dalam %(days)s hari kerja") % {"days": SOON_WORKING_DAYS},
            open_.filter(due_at__gt=today_end, due_at__lte=soon_end).order_by("due_at", "pk"),
        ),
    ]
    sections = []
    for title, found in parts:
        # Only the columns the digest prints: the row never carries a title, a body or an identity.
        reports = found.only("pk", "code", "status", "due_at", "due_kind")
        count = reports[: COUNT_CAP + 1].count()
        sections.append(Section(title=str(title), count=count, reports=list(reports[:limit])))
    return Digest(sections, total=attention[: COUNT_CAP + 1].count())


def _assigned_since(viewer: Viewer, since: datetime) -> QuerySet:
    """Assignments to the person's institutions (or units below them) that started since the last digest."""
    scopes = [s for role in ("institution_admin", "unit_liaison") for s in viewer.scopes[role]]
    within = Q(pk__in=[])
    for scope in scopes:
        within |= Q(institution__path__startswith=scope.path)
    return Assignment.objects.filter(within, report=OuterRef("pk"), started_at__gte=since)


def message(user, digest: Digest, now: datetime) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        day = date_format(timezone.localtime(now), "l, j F Y")
        subject = _("[%(instance)s] Ringkasan harian %(day)s: %(count)s laporan perlu perhatian") % {
            "instance": settings.INSTANCE_NAME,
            "day": day,
            "count": f"{COUNT_CAP}+" if digest.total > COUNT_CAP else digest.total,
        }
        lines = [_("Ringkasan antrean Anda hari ini (%(day)s).") % {"day": day}, ""]
        statuses = dict(Status.choices)
        for section in digest.sections:
            shown = f"{COUNT_CAP}+" if section.count > COUNT_CAP else str(section.count)
            lines.append(f"{section.title}: {shown}")
            for report in section.reports:
                deadline = deadline_of(report, now)
                due = ""
                if deadline is not None and deadline.day is not None:
                    due = " — " + _("tenggat %(day)s") % {"day": date_format(deadline.day, "j M Y")}
                lines.append(
                    f"  {report.code} ({statuses.get(report.status, report.status)}){due}\n"
                    f"    {settings.BASE_URL}/kantor/laporan/{report.code}/"
                )
            if section.count > len(section.reports):
                lines.append("  " + _("… dan %(more)s lainnya") % {"more": section.count - len(section.reports)})
            lines.append("")
        lines.append(_("Buka antrean: %(url)s") % {"url": f"{settings.BASE_URL}/kantor/"})
        lines.append("")
        lines.append(
            _("Email ini dikirim otomatis sekali sehari oleh %(instance)s.") % {"instance": settings.INSTANCE_NAME}
        )
        return EmailMessage(
            subject=subject,
            body="\n".join(lines),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
            headers=auto_headers(),
            connection=get_connection(fail_silently=False, timeout=SMTP_TIMEOUT),
        )
