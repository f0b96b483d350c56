"""Who is acting on a report: a signed-in person, a reporter proving themselves, the system, a peer."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from aduan.reports.models import ActorKind

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from aduan.institutions.models import Institution
    from aduan.reports.visibility import Viewer


@dataclass
class Actor:
    kind: str = ActorKind.USER
    user: AbstractBaseUser | None = None
    label: str = ""
    institution: Institution | None = None
    # A reporter without an account proves themselves with the secret of their access link...
    access_token: str | None = None
    # ...or a channel adapter vouches for the sender id it received the message from: (channel, sender).
    sender: tuple[str, str] | None = field(default=None)

    @classmethod
    def for_user(cls, user: AbstractBaseUser | None) -> Actor:
        return cls(kind=ActorKind.USER, user=user if user and user.is_authenticated else None)

    @classmethod
    def reporter_with_token(cls, token: str) -> Actor:
        return cls(kind=ActorKind.REPORTER, access_token=token)

    @classmethod
    def reporter_by_sender(cls, channel: str, sender: str) -> Actor:
        return cls(kind=ActorKind.REPORTER, sender=(channel, sender), label=channel)

    @classmethod
    def system(cls) -> Actor:
        return cls(kind=ActorKind.SYSTEM, label="sistem")

    @classmethod
    def channel(cls, name: str, institution: Institution | None = None) -> Actor:
        return cls(kind=ActorKind.CHANNEL, label=name, institution=institution)

    @cached_property
    def viewer(self) -> Viewer:
        from aduan.reports.visibility import Viewer

        return Viewer(self.user)
