"""The API fuzzed with schemathesis against its own OpenAPI document, in-process through WSGI: whatever
the generated request, no answer is a server error (5xx). Bounded: a few examples per operation, anonymous
and as the national verifier (who may see and try everything).

schemathesis's pytest plugin does not load under this pytest, so the cases are drawn through its Python API
(`operation.as_strategy()`) inside a hypothesis test of our own."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from aduan.channels import keys

EXAMPLES = 12


@pytest.fixture
def operations(world: Any, file_report: Any) -> Iterator[list[Any]]:
    file_report()  # something to find
    # As Django's test client does: the test's transaction must outlive each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    found = [result.ok() for result in schema.get_all_operations()]
    assert len(found) >= 11
    try:
        yield found
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.parametrize("as_verifier", [False, True], ids=["anonymous", "verifier"])
def test_no_server_errors(operations: list[Any], world: Any, as_verifier: bool) -> None:
    tried: set[str] = set()
    statuses: set[int] = set()

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
        def run(case: Any) -> None:
            # schemathesis fills the declared bearer scheme with random tokens (a 401 every time): send
            # none, or the verifier's.
            if case.headers:
                case.headers.pop("Authorization", None)
            # A fresh token each time: one of the operations is DELETE /auth/token.
            headers = {"Authorization": f"Bearer {keys.create_token(world.verifier)[1]}"} if as_verifier else {}
            response = case.call_and_validate(headers=headers, checks=[not_a_server_error])
            statuses.add(response.status_code)
            tried.add(case.operation.label)

        run()
    assert len(tried) == len(operations)
    assert {200, 422} <= statuses, statuses  # the fuzzing got past authentication and into validation
