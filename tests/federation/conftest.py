"""Federation fixtures: this instance's identity, and a remote peer whose private key the test holds."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.test import Client

from aduan.federation import identity, mirror, signing
from aduan.federation.models import Peer


@pytest.fixture(autouse=True)
def _forget_identity() -> Any:
    identity.forget()
    mirror.forget()
    yield
    identity.forget()
    mirror.forget()


@dataclass
class Remote:
    """A peer instance simulated by the test: it signs requests to us with its own key."""

    name: str
    key: Ed25519PrivateKey
    peer: Peer
    local_name: str

    def headers(self, method: str, path: str, body: bytes = b"", **kw: Any) -> dict[str, str]:
        signed = signing.sign_request(
            self.key, key_id=self.name, recipient=self.local_name, method=method, path=path, body=body, **kw
        )
        return {"HTTP_" + k.upper().replace("-", "_"): v for k, v in signed.items()}

    def get(self, client: Client, path: str, **kw: Any) -> Any:
        return client.get(path, **self.headers("GET", path, **kw))

    def post(self, client: Client, path: str, payload: dict[str, Any], **kw: Any) -> Any:
        body = json.dumps(payload).encode()
        return client.post(path, body, content_type="application/json", **self.headers("POST", path, body, **kw))


TREE = [
    {"code": "jateng", "name": "Pemerintah Provinsi Jawa Tengah", "kind": "province", "parent": "", "region": "33"},
    {"code": "jateng-dpu", "name": "Dinas PU Provinsi Jawa Tengah", "kind": "unit", "parent": "jateng", "region": ""},
]


@pytest.fixture
def local(db: Any) -> str:
    return identity.init("kab-pekalongan").name


@pytest.fixture
def remote(local: str) -> Remote:
    key = Ed25519PrivateKey.generate()
    peer = Peer.objects.create(
        name="prov-jateng",
        base_url="http://127.0.0.1:9",
        public_key=identity.public_key_text(key.public_key()),
        role=Peer.Role.PARENT,
    )
    return Remote(name=peer.name, key=key, peer=peer, local_name=local)


@pytest.fixture
def peer_tree(remote: Remote) -> Remote:
    """The remote peer, with its institution tree mirrored here."""
    mirror.store(remote.peer, TREE, '"v1"')
    return remote
