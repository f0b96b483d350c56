"""Three instances as separate server processes on loopback — the national service, the Jawa Tengah province
and Kabupaten Pekalongan — each with its own SQLite database, talking only through signed HTTP requests.

An SMS to the regency's number (through a real Kannel) that is not the regency's authority goes up to the
province, is routed there to another regency's unit (Kabupaten Batang's Dinas PU), is answered, and the
reporter reads the answer on the regency's page and gets it by SMS; the reporter's SMS reply reaches the
handler. Downward, a report filed at the national service is forwarded to the regency and answered there.
Fault: the province is stopped while the regency queues steps; after its restart nothing is lost, nothing
applied twice, and order holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.kannel.gateway import Kannel, Phone, missing_binaries

from .instances import CODE, PASSWORD, Instance, connect, prepare

REGENCY_NUMBER = "1708"
CITIZEN = "081234567890"
SETUP = """
from aduan.channels.models import ChannelAccount
from aduan.institutions.models import Institution, Membership
from django.contrib.auth.models import User

def unit(code, name, parent):
    return Institution.objects.get_or_create(
        code=code, defaults={"slug": code, "name": name, "kind": "unit", "parent": Institution.objects.get(code=parent)}
    )[0]

def person(username, institution, role):
    user = User.objects.create_user(username, password=PASSWORD)
    Membership.objects.create(user=user, institution=Institution.objects.get(code=institution), role=role)
"""


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Instance]]:
    missing = missing_binaries()
    if missing:
        pytest.fail(f"Kannel is not installed ({', '.join(missing)}): apt-get install kannel kannel-extras")
    root: Path = tmp_path_factory.mktemp("federation")
    national = Instance("nasional", root / "nasional")
    province = Instance("prov-jateng", root / "prov-jateng")
    regency = Instance("kab-pekalongan", root / "kab-pekalongan")
    everyone = [national, province, regency]
    prepare(everyone, root / "template.sqlite3")
    connect(province, national)
    connect(regency, province)
    connect(regency, national)  # the national service also reaches the regency's own instance directly
    (root / "kannel").mkdir()
    kannel = Kannel.start(root / "kannel", regency.url)
    regency.extra_env.update(
        {
            "ADUAN_KANNEL_SENDSMS_URL": kannel.sendsms_url,
            "ADUAN_KANNEL_CALLBACK_URL": regency.url,
            "ADUAN_SMS_NUMBER": REGENCY_NUMBER,
        }
    )
    setup = f"PASSWORD = {PASSWORD!r}\n" + SETUP
    regency.python(
        setup
        + f"""
regency = Institution.objects.get(code="pemkab-33-26")
ChannelAccount.objects.create(channel="sms", address="{REGENCY_NUMBER}", institution=regency)
unit("pemkab-33-26-dinas-pu", "Dinas PU Kabupaten Pekalongan", "pemkab-33-26")
person("admin-kab", "pemkab-33-26", "institution_admin")
person("verif-kab", "operator", "verifier")
person("pu-kab", "pemkab-33-26-dinas-pu", "unit_liaison")
"""
    )
    province.python(
        setup
        + """
unit("pemkab-33-25-dinas-pu", "Dinas PU Kabupaten Batang", "pemkab-33-25")
person("verif-prov", "pemprov-33", "verifier")
person("pu-batang", "pemkab-33-25-dinas-pu", "unit_liaison")
"""
    )
    national.python(setup + 'person("verif-nas", "operator", "verifier")\n')
    try:
        for instance in everyone:
            instance.start()
        for instance in everyone:
            instance.run("federation", "refresh")
        yield {"national": national, "province": province, "regency": regency, "kannel": kannel}
    finally:
        for instance in everyone:
            instance.stop()
        kannel.stop()


@pytest.fixture
def phone(network) -> Iterator[Phone]:
    handset = Phone(network["kannel"])
    yield handset
    handset.hang_up()


def _by_global_id(instance: Instance, global_id: str, code: str = "") -> dict:
    return instance.python(
        f"""
from aduan.reports.models import Report
r = Report.objects.get(global_id="{global_id}")
{code}
out = {{"code": r.code, "status": r.status, "channel": r.channel,
       "events": list(r.events.order_by("seq").values_list("kind", "actor_kind", "public_text")),
       "links": list(r.peer_links.values_list("peer__name", "role", "remote_code", "in_seq", "out_seq"))}}
"""
    )


def _report(instance: Instance, code: str) -> dict:
    return instance.python(
        f"""
from aduan.reports.models import Report
r = Report.objects.get(code="{code}")
out = {{"global_id": str(r.global_id), "status": r.status,
       "events": list(r.events.order_by("seq").values_list("kind", "actor_kind", "public_text")),
       "sms": list(r.notifications.filter(channel="sms").order_by("pk").values_list("kind", "state"))}}
"""
    )


def _act(instance: Instance, global_id: str, *steps: str) -> None:
    """Lifecycle actions at an instance, by its staff: `steps` are lines using `r` (the code) and `as_(name)`."""
    body = "\n".join(steps)
    instance.python(
        f"""
from django.contrib.auth.models import User
from aduan.reports import lifecycle
from aduan.reports.actors import Actor
from aduan.reports.models import Report
r = Report.objects.get(global_id="{global_id}").code
def as_(username):
    return Actor.for_user(User.objects.get(username=username))
{body}
"""
    )


def test_sms_up_to_the_province_answered_by_another_regency_and_back_by_sms(network, phone) -> None:
    regency, province = network["regency"], network["province"]
    phone.send(CITIZEN, REGENCY_NUMBER, "Jembatan provinsi di perbatasan Batang ambrol, truk tidak bisa lewat")
    first = phone.expect(1)[0].text
    code = CODE.search(first).group(1)
    origin = _report(regency, code)
    global_id = origin["global_id"]

    # "Not our authority": the regency forwards it up to the province's institution.
    regency.run(
        "federation",
        "forward",
        code,
        "prov-jateng",
        "pemprov-33",
        "--user",
        "admin-kab",
        "--message",
        "Jembatan provinsi, bukan kewenangan kabupaten.",
    )
    assert regency.deliver() == "sent=1"
    handler = _by_global_id(province, global_id)
    assert handler["channel"] == "federation"
    assert handler["links"] == [["kab-pekalongan", "handler", code, 1, 0]]
    # Who reported never crossed the border.
    identity = province.python(
        f'from aduan.reports.models import Report\nout = Report.objects.get(global_id="{global_id}").reporter.reveal()'
    )
    assert identity == {"name": "", "phone": "", "email": "", "nik": "", "sender": f"kab-pekalongan:{global_id}"}

    # The province routes it to Kabupaten Batang's Dinas PU, which answers.
    answer = "Jembatan sudah diperbaiki sementara oleh Dinas PU Kabupaten Batang; perbaikan permanen bulan depan."
    _act(
        province,
        global_id,
        'lifecycle.verify(as_("verif-prov"), r, institution="pemkab-33-25-dinas-pu")',
        'lifecycle.accept(as_("pu-batang"), r)',
        f'lifecycle.respond(as_("pu-batang"), r, message="{answer}")',
    )
    assert province.deliver() == "sent=3"

    after = _report(regency, code)
    assert after["status"] == "responded"
    assert [e[0] for e in after["events"]] == ["submitted", "forwarded", "peer_event", "accepted", "responded"]
    assert after["events"][-1][1:] == ["peer", answer]
    status, page = regency.get(f"/laporan/{code}/")
    assert status == 200 and answer in page
    # The reporter hears by SMS, from the instance they used.
    sent = regency.python("from aduan.notify.delivery import deliver_due\nout = dict(deliver_due())")
    assert sent.get("sent", 0) >= 2, sent  # forwarded, verified, responded (by SMS; e-mail has no address)
    texts = [sms.text for sms in phone.expect(sent["sent"])]
    assert any(code in text and "Jembatan sudah diperbaiki" in text for text in texts), texts

    # The reporter's SMS reply is relayed to the handler.
    phone.send(CITIZEN, REGENCY_NUMBER, f"BALAS {code} Terima kasih, saya pantau sampai permanen")
    phone.expect(1)
    assert regency.deliver() == "sent=1"
    handled = _by_global_id(province, global_id)
    assert handled["events"][-1][:2] == ["reporter_replied", "reporter"]
    assert "saya pantau" in handled["events"][-1][2]
    for instance in (regency, province):
        assert instance.run("audit", "verify").startswith("OK")


def test_downward_from_the_national_service_to_the_regency(network) -> None:
    national, regency = network["national"], network["regency"]
    out = national.python(
        """
from aduan.reports import lifecycle
from aduan.reports.actors import Actor
s = lifecycle.submit(Actor(), classification="complaint", title="Puskesmas Kandangserang tutup siang",
    body="Puskesmas di Kecamatan Kandangserang sering tutup pukul 12 siang.", region="33.26.01",
    reporter={"name": "Budi Santoso", "email": "budi@example.id"}, anonymous=True)
out = {"code": s.report.code, "global_id": str(s.report.global_id)}
"""
    )
    national.run("federation", "forward", out["code"], "kab-pekalongan", "pemkab-33-26", "--user", "verif-nas")
    assert national.deliver() == "sent=1"
    here = _by_global_id(regency, out["global_id"])
    assert here["links"] == [["nasional", "handler", out["code"], 1, 0]]
    assert "Budi" not in str(here)
    _act(
        regency,
        out["global_id"],
        'lifecycle.verify(as_("admin-kab"), r, institution="pemkab-33-26-dinas-pu")',
        'lifecycle.respond(as_("pu-kab"), r, message="Jam layanan puskesmas sudah diperpanjang sampai pukul 16.")',
    )
    assert regency.deliver() == "sent=2"
    there = _report(national, out["code"])
    assert there["status"] == "responded"
    assert there["events"][-1][2] == "Jam layanan puskesmas sudah diperpanjang sampai pukul 16."


def test_province_down_nothing_lost_nothing_twice_order_kept(network) -> None:
    regency, province = network["regency"], network["province"]
    out = regency.python(
        """
from aduan.reports import lifecycle
from aduan.reports.actors import Actor
s = lifecycle.submit(Actor(), classification="aspiration", title="Usul trotoar jalan provinsi",
    body="Mohon dibangun trotoar di sepanjang jalan provinsi Kajen.", region="33.26",
    reporter={"email": "warga@example.id"})
out = {"code": s.report.code, "global_id": str(s.report.global_id), "token": s.access_token}
"""
    )
    regency.run("federation", "forward", out["code"], "prov-jateng", "pemprov-33", "--user", "verif-kab")
    assert regency.deliver() == "sent=1"
    province.stop()
    try:
        replies = [f"Tambahan {n}: trotoar juga perlu lampu." for n in range(1, 4)]
        regency.python(
            f"""
from aduan.reports import lifecycle
from aduan.reports.actors import Actor
for text in {replies!r}:
    lifecycle.reply(Actor.reporter_with_token({out["token"]!r}), {out["code"]!r}, message=text)
"""
        )
        assert regency.deliver() == "retry=1"  # the head of the link; the rest wait behind it
        peers = regency.run("federation", "peers")
        line = next(line for line in peers.splitlines() if line.startswith("prov-jateng"))
        assert "queued=3" in line and "unreachable" in line
    finally:
        province.start()
    assert regency.deliver() == "sent=3"
    assert regency.deliver() == "nothing due"
    # An acknowledgement lost on the way: the same message sent again is recognised, not applied twice.
    regency.python(
        f"""
from aduan.federation.models import PeerDelivery
out = PeerDelivery.objects.filter(report__code={out["code"]!r}, seq=3).update(state="queued")
"""
    )
    assert regency.deliver() == "sent=1"
    handled = _by_global_id(province, out["global_id"])
    relayed = [e[2] for e in handled["events"] if e[0] == "reporter_replied"]
    assert relayed == replies
    assert handled["links"][0][3] == 4  # seq 1 (the report) and the three replies, each once

    # And the other way: the regency is down while the province answers.
    regency.stop()
    try:
        _act(
            province,
            out["global_id"],
            'lifecycle.verify(as_("verif-prov"), r, institution="pemprov-33")',
            'lifecycle.comment(as_("verif-prov"), r, message="Usulan kami teruskan ke Bappeda provinsi.")',
        )
        assert province.deliver() == "retry=1"
    finally:
        regency.start()
    assert province.deliver() == "sent=2"
    seen = _report(regency, out["code"])
    assert [e[0] for e in seen["events"]][-2:] == ["peer_event", "staff_message"]
    assert seen["events"][-1][2] == "Usulan kami teruskan ke Bappeda provinsi."
