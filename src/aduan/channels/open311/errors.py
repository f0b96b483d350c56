"""The one error an Open311 endpoint answers with: an HTTP status and a description for the client."""

from __future__ import annotations


class Open311Error(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
