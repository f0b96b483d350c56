"""The API's request and response bodies (DESIGN §7 names every field of a new report)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field


def _clean(value: str) -> str:
    """Text a database can store: no NUL characters, no lone surrogates."""
    if "\x00" in value:
        raise ValueError("NUL character not allowed")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("text must be valid Unicode") from exc
    return value


Text = Annotated[str, AfterValidator(_clean)]
Code = Annotated[str, Field(max_length=64), AfterValidator(_clean)]
ShortText = Annotated[str, Field(max_length=300), AfterValidator(_clean)]
LongText = Annotated[str, Field(max_length=20_000), AfterValidator(_clean)]


class Error(Schema):
    error: str = Field(description="A stable code for programs, e.g. `forbidden`, `invalid_state`, `not_found`.")
    detail: str = Field(description="What went wrong, for people (Bahasa Indonesia by default).")


class ReporterIn(Schema):
    model_config = ConfigDict(extra="ignore")

    name: ShortText | None = None
    phone: Annotated[str, Field(max_length=40), AfterValidator(_clean)] | None = None
    email: ShortText | None = None
    nik: Annotated[str, Field(max_length=40), AfterValidator(_clean)] | None = None


class ReportIn(Schema):
    """A new report, exactly as DESIGN §7 names its fields."""

    model_config = ConfigDict(extra="ignore")

    classification: Literal["complaint", "aspiration", "information_request"]
    title: Annotated[str, Field(max_length=400), AfterValidator(_clean)]
    body: LongText
    category: Code | None = Field(None, description="A category code (`GET /api/v1/categories`).")
    incident_date: date | None = Field(None, description="YYYY-MM-DD, not in the future.")
    region_code: Annotated[str, Field(max_length=13), AfterValidator(_clean)] | None = Field(
        None, description="Kemendagri region code, e.g. 33.26.01 (`GET /api/v1/regions`)."
    )
    latitude: float | None = None
    longitude: float | None = None
    address: ShortText | None = None
    institution: Code | None = Field(None, description="Suggested institution code (`GET /api/v1/institutions`).")
    anonymous: bool = False
    confidential: bool = False
    reporter: ReporterIn | None = None


class ReportCreated(Schema):
    code: str = Field(description="The tracking code, e.g. K7M4-Q2X9.")
    access_token: str | None = Field(
        description="The reporter's secret (send it as X-Access-Token); null when filed by a signed-in person. "
        "Shown once: keep it."
    )
    status: str
    status_label: str
    url: str = Field(description="This report in the API.")
    track_url: str = Field(description="The tracking page for people (with the secret link when there is one).")
    attachments: int = 0


class ActionIn(Schema):
    """The payload of `POST /api/v1/reports/{code}/actions/{action}`: each action reads the fields it needs."""

    model_config = ConfigDict(extra="ignore")

    message: LongText | None = None
    institution: Code | None = Field(None, description="verify: the institution; assign: the unit.")
    until: date | None = Field(None, description="postpone: the date to return to the report.")
    reason: ShortText | None = Field(
        None,
        description="archive: spam, duplicate, too_general, not_government, incomplete, other; not_authority: why.",
    )
    into: Annotated[str, Field(max_length=20), AfterValidator(_clean)] | None = Field(
        None, description="merge: the tracking code of the report to merge into."
    )
    proposal: Code | None = Field(None, description="not_authority: the institution that should handle it.")
    score: int | None = Field(None, ge=1, le=5, description="rate: 1 to 5.")
    public_title: ShortText | None = None
    public_body: LongText | None = None
    note: LongText | None = None


class Ref(Schema):
    code: str
    name: str


class IdentityOut(Schema):
    name: str = ""
    phone: str = ""
    email: str = ""
    nik: str = ""


class TimelineItem(Schema):
    kind: str
    label: str
    created_at: datetime
    actor: str
    text: str
    note: str | None = None
    score: int | None = None


class AttachmentOut(Schema):
    name: str
    content_type: str
    size: int
    url: str


class ReportOut(Schema):
    code: str
    view: Literal["public", "reporter", "staff"] = Field(description="Which view of the report this is.")
    classification: str
    title: str
    body: str
    category: Ref | None
    incident_date: date | None
    region: Ref | None
    latitude: float | None = None
    longitude: float | None = None
    address: str | None = None
    anonymous: bool | None = None
    confidential: bool | None = None
    status: str
    status_label: str
    closed_how: str | None
    institution: Ref | None
    unit: Ref | None
    submitted_at: datetime
    verified_at: datetime | None
    responded_at: datetime | None
    closed_at: datetime | None
    due_at: datetime | None = None
    due_kind: str | None = None
    rating: int | None = None
    support_count: int
    reporter: str | None = Field(None, description="How the reporter is named to this caller (staff view).")
    reporter_identity: IdentityOut | None = Field(None, description="Verifier and reporter only.")
    available_actions: list[str]
    timeline: list[TimelineItem]
    attachments: list[AttachmentOut]
    url: str


class ReportRow(Schema):
    code: str
    classification: str
    title: str
    category: str | None
    region: str | None
    status: str
    status_label: str
    institution: Ref | None
    unit: Ref | None
    submitted_at: datetime
    support_count: int
    url: str


class ReportPage(Schema):
    count: int = Field(description="Matching reports, counted up to 10,000 (see `count_exact`).")
    count_exact: bool
    page: int
    page_size: int
    next: str | None
    previous: str | None
    results: list[ReportRow]


class InstitutionOut(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    parent: str | None
    region: str | None
    url: str


class InstitutionPage(Schema):
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None
    results: list[InstitutionOut]


class CategoryOut(Schema):
    code: str
    name: str
    name_en: str
    parent: str | None


class RegionOut(Schema):
    code: str
    name: str
    level: int
    parent: str | None


class RegionPage(Schema):
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None
    results: list[RegionOut]


class TokenIn(Schema):
    username: Annotated[str, Field(max_length=150), AfterValidator(_clean)]
    password: Annotated[str, Field(max_length=4096), AfterValidator(_clean)]
    otp: Annotated[str, Field(max_length=16), AfterValidator(_clean)] | None = Field(
        None, description="The current TOTP code, for staff who enrolled a second factor."
    )
    name: ShortText | None = Field(None, description="What this token is for (shown to its owner).")


class TokenOut(Schema):
    token: str
    token_type: str = "Bearer"
    expires_at: datetime | None


class Tally(Schema):
    key: str
    label: str
    count: int


class StatsOut(Schema):
    period: dict[str, date] = Field(description="The period of `figures` (start and end, inclusive).")
    figures: dict[str, Any] = Field(
        description="The statistics of /statistik/ for the period and scope asked (names as in its CSV ringkasan)."
    )
    public: int = Field(description="Public reports (verified, not confidential, not archived).")
    in_progress: int
    completed: int
    confirmed: int = Field(description="Completed and confirmed by the reporter.")
    closed_by_silence: int
    by_status: list[Tally]
    by_classification: list[Tally]


def flat_schema(model: type[Schema]) -> dict[str, Any]:
    """The JSON schema of a model with its nested models written in place (for hand-written request
    bodies in `openapi_extra`, where `#/$defs/…` would point at the wrong document)."""
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return inline(defs[ref.removeprefix("#/$defs/")])
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(item) for item in node]
        return node

    return inline(schema)
