"""Every API error in one shape, `{"error": code, "detail": text}`, whatever raised it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import ValidationError as PydanticError

from aduan.channels.api.auth import ApiError
from aduan.reports.errors import LifecycleError

# Codes for errors that carry no code of their own, by HTTP status.
STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "invalid_state",
    413: "too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
}


def error_response(status: int, code: str, detail: str, **extra: Any) -> JsonResponse:
    response = JsonResponse({"error": code, "detail": detail, **extra}, status=status)
    response["Cache-Control"] = "no-store"
    return response


def validation_errors(errors: list[dict[str, Any]]) -> JsonResponse:
    """422 with each problem's place and message; the submitted values themselves are not echoed."""
    problems = [
        {
            "loc": [str(part) for part in error.get("loc", ())],
            "msg": str(error.get("msg", "")),
            "type": error.get("type"),
        }
        for error in errors
    ]
    where = "; ".join(f"{'.'.join(p['loc'][1:] or p['loc'])}: {p['msg']}" for p in problems[:5])
    detail = _("Data yang dikirim tidak valid.") + (f" {where}" if where else "")
    return error_response(422, "validation_error", detail, errors=problems)


def from_pydantic(exc: PydanticError, where: str = "body") -> ValidationError:
    return ValidationError([{**error, "loc": (where, *error.get("loc", ()))} for error in exc.errors()])


def install(api: NinjaAPI) -> None:
    def handle(exc_class: type[Exception]) -> Callable:
        return api.exception_handler(exc_class)

    @handle(ApiError)
    def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        response = error_response(exc.status_code, exc.code, exc.message)
        for name, value in exc.headers.items():
            response[name] = value
        return response

    @handle(AuthenticationError)
    def _auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(401, "unauthorized", _("Token tidak valid atau sudah kedaluwarsa."))

    @handle(HttpError)
    def _http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return error_response(exc.status_code, STATUS_CODES.get(exc.status_code, "error"), str(exc))

    @handle(ValidationError)
    def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return validation_errors(exc.errors)

    @handle(LifecycleError)
    def _lifecycle(request: HttpRequest, exc: LifecycleError) -> HttpResponse:
        status = 404 if exc.code == "not_found" else exc.status
        return error_response(status, exc.code, exc.detail)

    @handle(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(404, "not_found", _("Tidak ditemukan."))

    @handle(PermissionDenied)
    def _denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return error_response(403, "forbidden", _("Anda tidak berhak melakukan ini."))

    @handle(SuspiciousOperation)
    def _suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        if isinstance(exc, RequestDataTooBig):
            return error_response(413, "too_large", _("Permintaan terlalu besar."))
        return error_response(400, "bad_request", _("Permintaan tidak valid."))


def json_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap a URL's view so the few answers Django or ninja write themselves (405) take the error shape too."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith("application/json"):
            code = STATUS_CODES.get(response.status_code, "error")
            detail = response.content.decode("utf-8", "replace")[:200] if hasattr(response, "content") else ""
            replacement = error_response(response.status_code, code, detail or code)
            if response.has_header("Allow"):
                replacement["Allow"] = response["Allow"]
            return replacement
        return response

    for attribute in ("csrf_exempt",):
        if hasattr(view, attribute):
            setattr(wrapped, attribute, getattr(view, attribute))
    wrapped.__name__ = getattr(view, "__name__", "api_view")
    return wrapped


def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return error_response(404, "not_found", _("Alamat API ini tidak ada. Lihat /api/v1/docs."))
