"""The staff queue: which reports, filtered, searched and sorted how, and the default view per role.

Everything starts from `visibility.staff_reports(viewer)`, so the queue can never show more than the
viewer may read; the filters here only narrow it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from django.core.cache import cache
from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from aduan.backoffice.deadlines import end_of_today
from aduan.core import trackcode
from aduan.institutions.models import Institution, Membership
from aduan.reports.models import Category, Report, Status
from aduan.reports.states import BEFORE_VERIFICATION, HANDLING, OPEN
from aduan.reports.visibility import Viewer, staff_reports, under

Role = Membership.Role
PAGE_SIZE = 50
ALL = "semua"  # the status value of the "every status" tab; an empty status is the role's default view
HELD = HANDLING | {Status.RESPONDED}
SORTS = {
    "due_at": _("Tenggat terdekat"),
    "submitted_at": _("Terlama dikirim"),
    "newest": _("Terbaru"),
}
DUES = {"overdue": _("Lewat tenggat"), "today": _("Tenggat hari ini")}
# The query parameters a queue page (and a saved view) understands, in a stable order.
PARAMS = ("status", "instansi", "kategori", "tenggat", "eskalasi", "q", "urut")
ROW_RELATIONS = ("institution", "unit", "category", "region", "intake_institution", "reporter")
MAX_Q = 100
MAX_HOLDERS = 1000
COUNT_CAP = 1000
HOLDER_CACHE_SECONDS = 300
FAR_FUTURE = datetime(9999, 12, 31, tzinfo=UTC)


@dataclass(frozen=True)
class Filters:
    status: str = ""
    institution: str = ""
    category: str = ""
    due: str = ""
    escalated: bool = False
    q: str = ""
    sort: str = "due_at"

    @classmethod
    def from_query(cls, data: QueryDict) -> Filters:
        status = data.get("status", "").strip()
        if status not in Status.values and status != ALL:
            status = ""
        due = data.get("tenggat", "").strip()
        sort = data.get("urut", "").strip()
        return cls(
            status=status,
            institution=data.get("instansi", "").strip()[:64],
            category=data.get("kategori", "").strip()[:64],
            due=due if due in DUES else "",
            escalated=data.get("eskalasi", "") in {"1", "on", "ya"},
            q=data.get("q", "").strip()[:MAX_Q],
            sort=sort if sort in SORTS else "due_at",
        )

    def as_params(self) -> dict[str, str]:
        values = {
            "status": self.status,
            "instansi": self.institution,
            "kategori": self.category,
            "tenggat": self.due,
            "eskalasi": "1" if self.escalated else "",
            "q": self.q,
            "urut": "" if self.sort == "due_at" else self.sort,
        }
        return {key: values[key] for key in PARAMS if values[key]}

    def querystring(self) -> str:
        query = QueryDict(mutable=True)
        query.update(self.as_params())
        return query.urlencode()

    def with_status(self, status: str) -> Filters:
        return replace(self, status=status)

    @property
    def is_default_view(self) -> bool:
        """The role's own work ("Untuk saya"): no status chosen and no search typed."""
        return not self.status and not self.q


def clean_querystring(raw: str) -> str:
    """Keep only what the queue understands (a saved view cannot smuggle anything else into a link)."""
    return Filters.from_query(QueryDict(raw)).querystring()


def default_filter(viewer: Viewer, now: datetime) -> Q:
    """Each role's own work: the verifier's reports awaiting verification, the handlers' reports held by
    them, oversight's escalated and overdue reports. A person with several roles sees the union."""
    scopes = viewer.scopes
    query = Q(pk__in=[])
    before = Q(status__in=BEFORE_VERIFICATION)
    if viewer.is_national_verifier:
        query |= before
    elif scopes[Role.VERIFIER]:
        query |= before & under("intake_institution", scopes[Role.VERIFIER])
    if scopes[Role.INSTITUTION_ADMIN]:
        owners = [scope.institution_id for scope in scopes[Role.INSTITUTION_ADMIN]]
        query |= Q(status__in=HELD, institution__owner_id__in=owners)
        query |= before & under("intake_institution", scopes[Role.INSTITUTION_ADMIN])
    if scopes[Role.UNIT_LIAISON]:
        liaison = scopes[Role.UNIT_LIAISON]
        held = under("unit", liaison) | (
            Q(unit__isnull=True, institution__kind=Institution.Kind.UNIT) & under("institution", liaison)
        )
        query |= Q(status__in=HELD) & held
    if viewer.is_oversight:
        query |= Q(status__in=OPEN) & (Q(escalated_at__isnull=False) | Q(due_at__lte=now))
    return query


def _title_match(viewer: Viewer, q: str) -> Q:
    """Search titles without letting a handler find an anonymous report by its reporter's name: only a
    verifier matches the original title of an anonymous report; others match its approved public title."""
    plain = Q(title__icontains=q, anonymous=False) | Q(public_title__icontains=q, anonymous=True)
    if viewer.is_national_verifier:
        return Q(title__icontains=q)
    if viewer.scopes[Role.VERIFIER]:
        return plain | (Q(title__icontains=q) & under("intake_institution", viewer.scopes[Role.VERIFIER]))
    return plain


@dataclass
class Queue:
    filters: Filters
    reports: QuerySet[Report]  # filtered, sorted, relations loaded: ready to paginate
    counts: dict[str, int]  # "mine", "all" and each status, under every filter but the status tab


def build(viewer: Viewer, filters: Filters, now: datetime) -> Queue:
    base = staff_reports(viewer)
    if filters.institution:
        path = Institution.objects.filter(code=filters.institution).values_list("path", flat=True).first()
        base = (
            base.filter(Q(institution__path__startswith=path) | Q(unit__path__startswith=path)) if path else base.none()
        )
    if filters.category:
        base = base.filter(Q(category__code=filters.category) | Q(category__parent__code=filters.category))
    if filters.due == "overdue":
        base = base.filter(status__in=OPEN, due_at__lte=now)
    elif filters.due == "today":
        base = base.filter(status__in=OPEN, due_at__gt=now, due_at__lte=end_of_today(now))
    if filters.escalated:
        base = base.filter(escalated_at__isnull=False)
    if filters.q:
        code = trackcode.normalize(filters.q)
        base = base.filter((Q(code=code) if code else Q(pk__in=[])) | _title_match(viewer, filters.q))

    mine = default_filter(viewer, now)
    national = viewer.is_national_verifier or viewer.is_oversight
    counts = tab_counts(base, mine) if national else exact_counts(base, mine)

    if filters.status == ALL or (not filters.status and filters.q):
        chosen = base
    elif filters.status:
        chosen = base.filter(status=filters.status)
    else:
        chosen = base.filter(mine)
    # Sorted and paginated on the report table alone; `load_rows` joins the relations for one page only.
    ordered = _sorted(chosen, filters.sort, scoped=not national)
    return Queue(filters=filters, reports=ordered.only("pk"), counts=counts)


def load_rows(page_of_reports: list[Report]) -> list[Report]:
    """The page's reports with everything a row shows, in the page's order: one query for 50 rows, instead of
    joining six tables to every report in scope before the sort."""
    ids = [report.pk for report in page_of_reports]
    # Institutions and categories come from their small tables in separate queries: joining six tables costs
    # the planner more than the query itself.
    loaded = (
        Report.objects.select_related("region", "reporter")
        .prefetch_related("institution", "unit", "category", "intake_institution")
        .in_bulk(ids)
    )
    return [loaded[pk] for pk in ids if pk in loaded]


def capped_count(reports: QuerySet[Report]) -> int:
    """How many, reading at most COUNT_CAP + 1 rows: a national queue holds millions, and a tab only needs to
    say "1000+" beyond that (an index walk that stops, instead of a scan of every report per page view)."""
    return reports.order_by()[: COUNT_CAP + 1].count()


def exact_counts(base: QuerySet[Report], mine: Q) -> dict[str, int]:
    """Each tab's exact count in one aggregate: for a scoped queue (a regency, a unit), which reads only the
    reports in its scope."""
    aggregates = {"mine": Count("pk", filter=mine), "all": Count("pk")}
    aggregates.update({status: Count("pk", filter=Q(status=status)) for status in Status.values})
    return base.aggregate(**aggregates)


def tab_counts(base: QuerySet[Report], mine: Q) -> dict[str, int]:
    """Each tab's count: "mine", "all" and each status, under every filter but the status tab; for national
    queues, each capped (one short index walk per tab)."""
    counts = {"mine": capped_count(base.filter(mine)), "all": capped_count(base)}
    counts.update({status: capped_count(base.filter(status=status)) for status in Status.values})
    return counts


def count_label(count: int) -> str:
    return f"{COUNT_CAP:,}+".replace(",", ".") if count > COUNT_CAP else str(count)


def _sorted(reports: QuerySet[Report], sort: str, *, scoped: bool = False) -> QuerySet[Report]:
    """The queue's order. A scoped queue (a regency, a unit: thousands of reports) sorts its own rows: given
    an index in the same order, the planner would walk the whole country's index hoping to meet the scope's
    rows early, which at the NULL end of `due_at` means a million entries. The expressions below order alike
    but match no index."""
    due: Any = Coalesce("due_at", Value(FAR_FUTURE)) if scoped else F("due_at").asc(nulls_last=True)
    submitted: Any = Coalesce("submitted_at", Value(FAR_FUTURE)) if scoped else F("submitted_at")
    if sort == "newest":
        return reports.order_by(submitted.desc(), "-pk")
    if sort == "submitted_at":
        return reports.order_by(submitted.asc(), "pk")
    return reports.order_by(due, "submitted_at", "pk")


def holder_choices(viewer: Viewer) -> list[tuple[str, str]]:
    """Institutions to filter by (one query on the small institution table, never a scan of reports):
    the viewer's own subtrees, or every non-unit institution for national roles."""
    institutions = Institution.objects.filter(active=True).exclude(kind=Institution.Kind.OPERATOR)
    if viewer.is_national_verifier or viewer.is_oversight:
        institutions = institutions.exclude(kind=Institution.Kind.UNIT)
    else:
        every = [scope for scopes in viewer.scopes.values() for scope in scopes]
        institutions = institutions.filter(under("", every))
    return list(institutions.order_by("name").values_list("code", "name")[:MAX_HOLDERS])


# Option lists are built in Python: hundreds of `<option>`s through the template engine cost more than the
# queue's queries.
def holder_options(viewer: Viewer) -> SafeString:
    """Cached for a few minutes per set of scopes: the same 600 institutions for every national verifier."""
    paths = sorted(scope.path for scopes in viewer.scopes.values() for scope in scopes)
    national = viewer.is_national_verifier or viewer.is_oversight
    key = "queue-holders:" + hashlib.sha256(("*" if national else "|".join(paths)).encode()).hexdigest()[:32]
    html = cache.get(key)
    if html is None:
        html = str(format_html_join("", '<option value="{}">{}</option>', holder_choices(viewer)))
        cache.set(key, html, HOLDER_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - built by format_html_join above, which escapes every value


def category_options(selected: str) -> SafeString:
    rows = Category.objects.filter(active=True).order_by("position", "code").values_list("code", "name", "parent_id")
    return format_html_join(
        "",
        '<option value="{}"{}>{}{}</option>',
        ((code, " selected" if code == selected else "", "— " if parent else "", name) for code, name, parent in rows),
    )
