"""Who receives a notification: the reporter's address on its channel, or the staff e-mails of an institution."""

from __future__ import annotations

from aduan.institutions.models import Institution, Membership
from aduan.notify.models import Notification
from aduan.reports import visibility
from aduan.reports.models import Report

Audience = Notification.Audience
Role = Membership.Role

STAFF_ROLES = {
    Audience.INSTITUTION: (Role.INSTITUTION_ADMIN, Role.UNIT_LIAISON),
    Audience.VERIFIER: (Role.VERIFIER, Role.INSTITUTION_ADMIN),
    Audience.OVERSIGHT: (Role.OVERSIGHT,),
}


def recipients(notification: Notification, report: Report) -> list[str]:
    if notification.audience == Audience.REPORTER:
        address = visibility.reporter_address(report, notification.channel)
        return [address] if address else []
    return staff_emails(notification.audience, notification.institution_id)


def staff_emails(audience: str, institution_id: int | None) -> list[str]:
    """Active staff with an e-mail whose role covers the institution (a role reaches every unit below)."""
    memberships = Membership.objects.filter(role__in=STAFF_ROLES[audience], user__is_active=True)
    if audience == Audience.OVERSIGHT:
        # Oversight bodies see every report; each of their staff hears of escalations.
        memberships = memberships.all()
    elif institution_id is None:
        memberships = memberships.filter(institution__parent__isnull=True, role=Role.VERIFIER)
    else:
        institution = Institution.objects.filter(pk=institution_id).only("path").first()
        if institution is None:
            return []
        # The institution itself and every one above it: a role reaches every unit below.
        memberships = memberships.filter(institution_id__in=institution.ancestor_ids())
    emails = memberships.exclude(user__email="").values_list("user__email", flat=True).distinct()
    return sorted(set(emails))
