"""TOTP second factor for staff (django-otp): enrolment, the QR code, checking a code."""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import segno
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "authenticator"


def has_confirmed_device(user: Any) -> bool:
    return bool(user.is_authenticated) and TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user: Any) -> TOTPDevice:
    """The unconfirmed device being enrolled (made on first visit, kept until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32 groups of four, for typing into an app by hand."""
    raw = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG QR code (no external service sees the secret)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, border=2, dark="#1b1b1b", light="#ffffff")


def clean_token(value: str | None) -> str:
    return "".join(ch for ch in (value or "") if ch.isdigit())[:8]


WRONG = _("Kode tidak cocok atau sudah dipakai. Masukkan kode 6 angka yang sedang tampil di aplikasi.")


def _throttled(device: TOTPDevice) -> str:
    """After wrong codes django-otp makes people wait (1, 2, 4… seconds); say so instead of "wrong"."""
    allowed, info = device.verify_is_allowed()
    if allowed:
        return ""
    until = (info or {}).get("locked_until")
    seconds = max(1, int((until - timezone.now()).total_seconds()) + 1) if until else 1
    return _("Terlalu banyak kode yang salah. Coba lagi dalam %(n)d detik.") % {"n": seconds}


def confirm(request: HttpRequest, device: TOTPDevice, token: str) -> str:
    """Confirm an enrolling device with its first code; the session counts as verified from then on.
    Returns "" on success, else the message to show."""
    refusal = _throttled(device)
    if refusal:
        return refusal
    code = clean_token(token)
    if not code or not device.verify_token(code):
        return str(WRONG)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    otp_login(request, device)
    return ""


def verify(request: HttpRequest, token: str) -> str:
    """The login's second step: accept a code from any of the user's confirmed devices.
    Returns "" on success, else the message to show."""
    devices = list(TOTPDevice.objects.filter(user=request.user, confirmed=True))
    refusals = [_throttled(device) for device in devices]
    if devices and all(refusals):
        return refusals[0]
    code = clean_token(token)
    if code:
        for device, refusal in zip(devices, refusals, strict=True):
            if not refusal and device.verify_token(code):
                otp_login(request, device)
                return ""
    return str(WRONG)
