"""The one exception a lifecycle action raises when it refuses; its message is translated."""

from __future__ import annotations

from django.utils.functional import Promise


class LifecycleError(Exception):
    """`code` is stable for programs (the API's `error`); `message` is for people, in their language."""

    def __init__(self, code: str, message: str | Promise, status: int = 400) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.status = status

    @property
    def detail(self) -> str:
        return str(self.message)


class NotAllowed(LifecycleError):
    def __init__(self, message: str | Promise) -> None:
        super().__init__("forbidden", message, status=403)


class WrongState(LifecycleError):
    def __init__(self, message: str | Promise) -> None:
        super().__init__("invalid_state", message, status=409)


class Invalid(LifecycleError):
    def __init__(self, message: str | Promise, code: str = "invalid") -> None:
        super().__init__(code, message, status=400)
