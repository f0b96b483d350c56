"""What the public-page tests share: an identity to hide, photos with a GPS position, privacy checks."""

from __future__ import annotations

import io
import itertools
import random
import re
from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from PIL import Image

from tests.conftest import REPORTER

# The anonymous reporter: every value also appears in the report's title, body and the staff's answers.
IDENTITY = {
    "name": "Bambang Sutrisno",
    "phone": "081398765432",
    "email": "bambang.s@example.id",
    "nik": "3326019876540002",
}
SECRET_TITLE = "Pungutan liar di loket perekaman KTP"
UNVERIFIED_TITLE = "Lampu penerangan jalan padam sebulan"

GPS_IFD = 0x8825
GPS = {1: "S", 2: (6.0, 53.0, 10.0), 3: "E", 4: (109.0, 40.0, 5.0)}

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 256


def photo(*, gps: bool = True, seed: int = 1, width: int = 64, height: int = 48) -> bytes:
    """A JPEG of noise; with `gps`, its EXIF carries a position and the camera's make."""
    pixels = random.Random(seed).randbytes(width * height * 3)
    image = Image.frombytes("RGB", (width, height), pixels)
    kwargs: dict[str, Any] = {"quality": 90}
    if gps:
        exif = Image.Exif()
        exif[GPS_IFD] = dict(GPS)
        exif[0x010F] = "Samsung"
        kwargs["exif"] = exif
    out = io.BytesIO()
    image.save(out, format="JPEG", **kwargs)
    return out.getvalue()


def has_gps(data: bytes) -> bool:
    with Image.open(io.BytesIO(data)) as image:
        return bool(image.getexif().get_ifd(GPS_IFD))


def exif_of(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif())


def forbidden_strings() -> list[str]:
    """Every piece of identity that must never reach a public page, in the forms it could take."""
    values = [*IDENTITY.values(), *REPORTER.values()]
    phones = [IDENTITY["phone"][1:], REPORTER["phone"][1:]]  # also as +62 8…
    return [*values, *phones]


def assert_private(html: str, sensitive: Any) -> None:
    for value in forbidden_strings():
        assert value not in html, f"{value!r} is on a public page"
    assert SECRET_TITLE not in html
    assert sensitive.confidential.code not in html
    assert UNVERIFIED_TITLE not in html
    assert sensitive.unverified.code not in html


def get_html(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def assert_accessible_html(html: str) -> None:
    """What can be checked without a browser: headings in order from one h1, a label for every field,
    every aria-describedby target present, alt text on every image, a caption on every table."""
    main = html[html.find("<main") : html.find("</main>")]
    levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", main)]
    assert levels and levels[0] == 1 and levels.count(1) == 1, levels
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    labelled = set(re.findall(r'<label[^>]*\bfor="([^"]+)"', html))
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", main):
        if 'type="hidden"' in tag or 'type="submit"' in tag:
            continue
        field_id = re.search(r'\bid="([^"]+)"', tag)
        assert "aria-label=" in tag or (field_id and field_id.group(1) in labelled), tag
    for described in re.findall(r'aria-describedby="([^"]+)"', html):
        assert set(described.split()) <= ids, described
    for img in re.findall(r"<img\b[^>]*>", html):
        assert re.search(r'\balt="[^"]+"', img), img
    for table in re.findall(r"(?s)<table\b.*?</table>", html):
        assert "<caption>" in table
