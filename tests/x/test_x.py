"""X: CRC, signed deliveries, mentions with the hashtag become reports, replies carry only code and status."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest
from django.core.management import CommandError, call_command

from aduan.channels import inbound
from aduan.channels.models import ChannelAccount, InboundMessage
from aduan.channels.x import poll, tweets
from aduan.notify import delivery
from aduan.notify.models import Notification
from aduan.reports import lifecycle
from aduan.reports.models import Report

from .conftest import ACCOUNT, ACCOUNT_ID, AUTHOR, CONSUMER_SECRET, URL, deliver, v1_post, v2_post

pytestmark = pytest.mark.django_db
COMPLAINT = "Jalan provinsi di Kajen berlubang besar dan sudah memakan korban motor jatuh."
MENTION = f"@{ACCOUNT} {COMPLAINT} #lapor"


def test_the_crc_check_answers_with_the_hmac_of_the_token(client, xapi) -> None:
    response = client.get(URL, {"crc_token": "9b4507b3-9040-4669-9ca3-6b94edb50553"})
    assert response.status_code == 200
    digest = hmac.new(CONSUMER_SECRET.encode(), b"9b4507b3-9040-4669-9ca3-6b94edb50553", hashlib.sha256).digest()
    assert response.json() == {"response_token": "sha256=" + base64.b64encode(digest).decode()}
    assert client.get(URL).status_code == 400


def test_a_delivery_with_a_bad_signature_is_refused_and_not_kept(client, xapi, world) -> None:
    response = deliver(client, v1_post(MENTION), sign_with="rahasia-lain")
    assert response.status_code == 403
    assert InboundMessage.objects.count() == 0 and Report.objects.count() == 0
    assert xapi.posts == []


def test_a_mention_with_the_hashtag_becomes_a_report_and_the_reply_carries_the_code(client, xapi, world) -> None:
    post = v1_post(MENTION)
    assert deliver(client, post).status_code == 200
    report = Report.objects.get()
    assert report.channel == "x"
    assert report.body == COMPLAINT
    assert report.reporter.reveal()["sender"] == AUTHOR["id"]
    [reply] = xapi.posts
    assert reply["reply"] == {"in_reply_to_tweet_id": post["id_str"]}
    assert report.code in reply["text"] and f"/lacak/{report.code}/" in reply["text"]
    sent = Notification.objects.get(report=report, channel="x")
    assert sent.state == Notification.State.SENT and sent.provider_id == reply["id"]
    assert InboundMessage.objects.get(external_id=post["id_str"]).report == report


def test_a_retried_delivery_files_one_report_and_one_reply(client, xapi, world) -> None:
    post = v1_post(MENTION)
    deliver(client, post)
    deliver(client, post)
    assert Report.objects.count() == 1
    assert len(xapi.posts) == 1


def test_posts_that_are_not_reports_are_kept_but_not_filed(client, xapi, world) -> None:
    ours = {"id": ACCOUNT_ID, "name": "Aduan", "username": ACCOUNT}
    no_tag = v1_post(f"@{ACCOUNT} terima kasih atas pelayanannya", tags=())
    not_mentioned = v1_post(f"{COMPLAINT} #lapor", mention=False)
    own = v1_post(f"@{ACCOUNT} {COMPLAINT} #lapor", author=ours)
    repost = {**v1_post(MENTION), "retweeted_status": {"id_str": "1"}}
    deliver(client, no_tag, not_mentioned, own, repost)
    assert Report.objects.count() == 0
    assert xapi.posts == []
    assert set(InboundMessage.objects.values_list("result", flat=True)) == {"ignored"}


def test_a_report_without_words_gets_a_public_hint_with_nothing_of_the_post(client, xapi, world) -> None:
    deliver(client, v1_post(f"@{ACCOUNT} #lapor"))
    assert Report.objects.count() == 0
    assert InboundMessage.objects.get().state == InboundMessage.State.REJECTED
    [hint] = xapi.posts
    assert "#lapor" in hint["text"] and "/lapor/" in hint["text"]


def test_authentic_malformed_deliveries_answer_200_and_are_kept(client, xapi, world) -> None:
    assert deliver(client, body=b"{bukan json").status_code == 200
    assert deliver(client, {"id_str": "123", "text": "tanpa pengguna"}).status_code == 200
    kept = InboundMessage.objects.filter(channel="x", state=InboundMessage.State.REJECTED, result="malformed")
    assert kept.count() == 2
    assert inbound.raw_of(kept.first())


def test_status_changes_are_posted_as_replies_without_the_words_of_anyone(client, xapi, world) -> None:
    post = v1_post(MENTION)
    deliver(client, post)
    report = Report.objects.get()
    secret = "Pak Budi Santoso dari Kajen sudah kami hubungi di 0812-1111-2222."
    lifecycle.verify(world.actor(world.verifier), report, institution="pemkab-33-26", message=secret)
    report = lifecycle.accept(world.actor(world.regency_admin), report)
    lifecycle.respond(world.actor(world.regency_admin), report, message=secret)
    assert delivery.deliver_due()["sent"] == 2  # verified, responded (accept is not a reporter step)
    replies = xapi.posts[1:]
    assert [r["reply"]["in_reply_to_tweet_id"] for r in replies] == [post["id_str"]] * 2
    texts = " ".join(r["text"] for r in replies)  # one pass sends both, in no promised order
    assert "diverifikasi" in texts and "ditanggapi" in texts
    for reply in xapi.posts:
        text = reply["text"]
        assert report.code in text
        for leak in ("Budi", "Santoso", AUTHOR["username"], "0812", "berlubang", "Kajen"):
            assert leak not in text


def test_the_reply_is_retried_when_x_fails(client, xapi, world) -> None:
    xapi.fail_next = [503]
    deliver(client, v1_post(MENTION))
    row = Notification.objects.get(channel="x")
    assert row.state == Notification.State.QUEUED and "503" in row.last_error
    Notification.objects.filter(pk=row.pk).update(next_attempt_at=row.created_at)
    assert delivery.deliver_due()["sent"] == 1
    assert len(xapi.posts) == 1


def test_a_regency_account_lands_reports_in_its_queue(client, xapi, world) -> None:
    ChannelAccount.objects.create(channel="x", address=ACCOUNT_ID, institution=world.regency)
    deliver(client, v1_post(MENTION))
    assert Report.objects.get().intake_institution == world.regency


def test_polling_reads_new_mentions_since_the_newest_stored(xapi, world) -> None:
    first = v2_post(f"@{ACCOUNT} {COMPLAINT} #Lapor")
    chatter = v2_post(f"@{ACCOUNT} selamat pagi", tags=())
    xapi.mentions += [first, chatter]
    counts = poll.poll_once()
    assert counts == {"report": 1, "ignored": 1}
    assert xapi.mention_queries[0].get("since_id") is None
    report = Report.objects.get()
    assert report.body == COMPLAINT
    assert xapi.posts[0]["reply"] == {"in_reply_to_tweet_id": first["id"]}
    # The account id was looked up from ADUAN_X_ACCOUNT; the next poll asks only for newer posts.
    assert poll.poll_once() == {}
    assert xapi.mention_queries[-1]["since_id"] == chatter["id"]
    later = v2_post(f"@{ACCOUNT} Lampu lalu lintas di simpang Kajen mati total sejak kemarin. #lapor")
    xapi.mentions.append(later)
    call_command("x_poll")
    assert Report.objects.count() == 2


def test_a_post_seen_by_webhook_and_by_polling_files_one_report(client, xapi, world) -> None:
    post = v1_post(MENTION)
    deliver(client, post)
    # The same post read from the timeline (v2 shape), as a poll running beside the webhook would.
    assert tweets.handle(tweets.from_v2(v2_post(MENTION, post_id=post["id_str"])), {}, ACCOUNT_ID) == "duplicate"
    assert Report.objects.count() == 1 and len(xapi.posts) == 1


def test_the_poll_command_needs_a_bearer_token(xapi, settings) -> None:
    settings.ADUAN_X_BEARER_TOKEN = ""
    with pytest.raises(CommandError):
        call_command("x_poll")
