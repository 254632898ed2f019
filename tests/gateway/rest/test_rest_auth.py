"""Authentication on the REST API: off by default; when configured, API keys and JWTs from
the configured issuer pass, anything else is a 401 problem and does nothing."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import OctKey, RSAKey

from broker import BrokerClient
from gateway.grpc import BrokerCalls, PartitionState, TopologySource
from gateway.http import create_app
from gateway.rest import AuthConfig, Authenticator, RestContext
from tests.gateway.rest.conftest import SERVICE, Rest, assert_problem

ISSUER = "https://issuer.example"
KEY = RSAKey.generate_key(2048, parameters={"kid": "k1"})
OTHER = RSAKey.generate_key(2048, parameters={"kid": "k1"})


def token(key: Any = KEY, alg: str = "RS256", **claims: Any) -> str:
    now = int(time.time())
    body = {"iss": ISSUER, "aud": "baton", "sub": "ann", "exp": now + 300, "iat": now}
    body.update(claims)
    return jwt.encode(
        {"alg": alg, "kid": "k1"}, {k: v for k, v in body.items() if v is not None}, key
    )


@pytest.fixture
async def guarded(rest: Rest) -> AsyncIterator[httpx.AsyncClient]:
    config = AuthConfig(
        api_keys=frozenset({"s3cret-key"}),
        jwks={"keys": [KEY.as_dict(private=False)]},
        issuer=ISSUER,
        audience="baton",
    )
    calls = BrokerCalls(BrokerClient([rest.partition]))
    topology = TopologySource("127.0.0.1", 1, lambda: [PartitionState(1, True)])
    app = create_app(lambda: True, RestContext(calls, topology, auth=Authenticator(config)))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://baton") as client:
        yield client


def bearer(credential: str) -> dict[str, str]:
    return {"authorization": f"Bearer {credential}"}


async def test_refused_requests_do_nothing(rest: Rest, guarded: httpx.AsyncClient) -> None:
    await rest.deploy("order.bpmn", SERVICE)
    refusals: list[dict[str, str]] = [
        {},
        bearer("wrong"),
        {"authorization": "Basic czNjcmV0LWtleQ=="},
        {"authorization": "Bearer"},
        bearer(token(OTHER)),  # signed by another key with the same kid
        bearer(token(exp=int(time.time()) - 3600)),
        bearer(token(exp=None)),
        bearer(token(iss="https://elsewhere")),
        bearer(token(aud="other")),
        bearer(token(nbf=int(time.time()) + 3600)),
        bearer(token(key=OctKey.import_key(b"k" * 32), alg="HS256")),
        bearer("e30.e30."),  # alg none style
        bearer("x" * 20_000),
    ]
    for headers in refusals:
        response = await guarded.post(
            "/v2/process-instances", json={"processDefinitionId": "order"}, headers=headers
        )
        assert_problem(response, 401, "UNAUTHORIZED")
        assert response.headers["www-authenticate"] == "Bearer"
    assert await rest.activate("payment") == []  # no instance was created


async def test_valid_credentials_pass(guarded: httpx.AsyncClient) -> None:
    for credential in ("s3cret-key", token()):
        response = await guarded.get("/v2/topology", headers=bearer(credential))
        assert response.status_code == 200, response.text
    assert (await guarded.get("/v2/openapi.json")).status_code == 200
    assert (await guarded.get("/v2/docs")).status_code == 200
    assert_problem(await guarded.get("/v2/topology"), 401, "UNAUTHORIZED")


def test_hmac_algorithms_are_refused_in_the_configuration() -> None:
    with pytest.raises(ValueError, match="asymmetric"):
        Authenticator(AuthConfig(jwks={"keys": []}, algorithms=("HS256",)))
