"""Single sign-on against a real OpenID Connect provider (oidc-provider-mock in a thread):
the authorization code flow ends with a session whose groups come from the ID token, and
a forged or replayed callback logs nobody in."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi import FastAPI

from broker import BrokerClient, Partition
from tasklist import OidcSettings, create_tasklist, dispose_tasklist

from .conftest import settings

oidc_provider_mock = pytest.importorskip("oidc_provider_mock")

# The provider (Authlib's server side, in its thread) warns about its own use of Authlib;
# warnings are errors in this suite, and would turn its token endpoint into a 500.
pytestmark = [
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:.*deprecated.*"),
]


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    users = [
        oidc_provider_mock.User(
            sub="dora-sub", claims={"preferred_username": "dora", "groups": ["managers", "ops"]}
        )
    ]
    with oidc_provider_mock.run_server_in_thread(user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
async def sso(tmp_path: Path, provider: str) -> AsyncIterator[httpx.AsyncClient]:
    partition = await Partition.start(tmp_path / "p1", 1)
    try:
        oidc = OidcSettings(issuer=provider, client_id="baton", client_secret="s3cret")
        app = FastAPI()
        tasklist = create_tasklist(
            settings(oidc=oidc), BrokerClient([partition]), f"sqlite:///{tmp_path}/rm.db"
        )
        app.mount("/tasklist", tasklist)
        transport = httpx.ASGITransport(app=app)
        try:
            async with httpx.AsyncClient(transport=transport, base_url="http://baton") as client:
                yield client
        finally:
            dispose_tasklist(tasklist)
    finally:
        await partition.stop()


async def _authorize(provider_url: str, sub: str) -> str:
    """Plays the person at the provider's consent page; returns our callback URL."""
    async with httpx.AsyncClient() as browser:
        response = await browser.post(provider_url, data={"sub": sub})
    assert response.status_code == 302, response.text
    return response.headers["location"]


async def test_sso_login_with_groups(sso: httpx.AsyncClient) -> None:
    login_page = await sso.get("/tasklist/login")
    assert "single sign-on" in login_page.text
    start = await sso.get("/tasklist/login/oidc")
    assert start.status_code == 302
    authorize = start.headers["location"]
    assert parse_qs(urlsplit(authorize).query)["client_id"] == ["baton"]
    callback = await _authorize(authorize, "dora-sub")
    parts = urlsplit(callback)
    assert parts.path == "/tasklist/login/oidc/callback"
    done = await sso.get(f"{parts.path}?{parts.query}")
    assert done.status_code == 303, done.text
    me = (await sso.get("/tasklist/me")).json()
    assert me == {"name": "dora", "groups": ["managers", "ops"], "roles": ["operator"]}
    # The same code again (a replay) is refused and changes nothing.
    replay = await sso.get(f"{parts.path}?{parts.query}")
    assert replay.status_code == 401


async def test_forged_callback_logs_nobody_in(sso: httpx.AsyncClient) -> None:
    await sso.get("/tasklist/login/oidc")
    forged = await sso.get("/tasklist/login/oidc/callback?code=made-up&state=made-up")
    assert forged.status_code == 401
    assert (await sso.get("/tasklist/me")).status_code == 401


async def test_no_oidc_configured_is_404(http: httpx.AsyncClient) -> None:
    assert (await http.get("/tasklist/login/oidc")).status_code == 404
