"""Who may call the REST API: API keys and OAuth2 bearer tokens (JWTs signed by a configured
issuer), both sent as `Authorization: Bearer <credential>`.

Off unless configured (the laptop case: a node on loopback). When on, every request under
`/v2` except the OpenAPI document and the docs page must carry a valid credential, or it is
refused with 401 (problem title UNAUTHORIZED, `WWW-Authenticate: Bearer`) before any handler
runs: a refused request does nothing.

- An API key is compared in constant time with each configured key.
- A JWT must be signed by a key of the configured key set (JWKS) with an allowed asymmetric
  algorithm (never `none`, never HMAC: a public key must not double as an HMAC secret), and
  its `exp`, `nbf`, `iss` and (when configured) `aud` claims must hold, with `leeway_s` of
  clock skew.

The verifier is independent of HTTP so the gRPC side can use it for its metadata too.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from ..errors import ErrorKind, GatewayError

ASYMMETRIC = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA")


@dataclass(frozen=True)
class AuthConfig:
    api_keys: frozenset[str] = frozenset()
    jwks: Mapping[str, Any] | None = None  # {"keys": [...]}, as the issuer publishes it
    issuer: str | None = None  # required `iss` (None: any)
    audience: str | None = None  # required in `aud` (None: not checked)
    algorithms: tuple[str, ...] = ("RS256", "ES256")
    leeway_s: int = 30

    @property
    def enabled(self) -> bool:
        return bool(self.api_keys) or self.jwks is not None


@dataclass
class Principal:
    """Who called: an API key (`kind` "api-key") or a token's subject (`kind` "jwt")."""

    kind: str
    subject: str
    claims: dict[str, Any] = field(default_factory=dict)


def _unauthorized(reason: str) -> GatewayError:
    return GatewayError(ErrorKind.UNAUTHORIZED, f"Expected valid credentials, but {reason}")


class Authenticator:
    def __init__(self, config: AuthConfig, now: Callable[[], float] = time.time) -> None:
        unsafe = [a for a in config.algorithms if a not in ASYMMETRIC]
        if unsafe:
            raise ValueError(f"Expected asymmetric JWT algorithms, but got {unsafe}")
        self.config = config
        self._now = now
        jwks: Any = None if config.jwks is None else dict(config.jwks)
        self._keys = None if jwks is None else KeySet.import_key_set(jwks)

    def verify(self, authorization: str | None) -> Principal:
        """The caller named by an `Authorization` header value; UNAUTHORIZED otherwise."""
        if not authorization:
            raise _unauthorized("the request has no Authorization header")
        scheme, _, credential = authorization.strip().partition(" ")
        credential = credential.strip()
        if scheme.lower() != "bearer" or not credential:
            raise _unauthorized("the Authorization header is not 'Bearer <credential>'")
        if len(credential) > 16_384:
            raise _unauthorized("the credential is too long")
        given = credential.encode("utf-8", "surrogateescape")
        for key in self.config.api_keys:
            if hmac.compare_digest(given, key.encode("utf-8")):
                return Principal("api-key", "api-key")
        if self._keys is None or credential.count(".") != 2:
            raise _unauthorized("the credential is not a known API key")
        return self._token(credential)

    def _token(self, credential: str) -> Principal:
        assert self._keys is not None
        try:
            token = jwt.decode(credential, self._keys, algorithms=list(self.config.algorithms))
        except (JoseError, ValueError, KeyError, TypeError) as error:
            raise _unauthorized(f"the token is not valid: {type(error).__name__}") from None
        options: dict[str, Any] = {"exp": {"essential": True}}
        if self.config.issuer is not None:
            options["iss"] = {"essential": True, "value": self.config.issuer}
        if self.config.audience is not None:
            options["aud"] = {"essential": True, "value": self.config.audience}
        registry = jwt.JWTClaimsRegistry(
            now=int(self._now()), leeway=self.config.leeway_s, **options
        )
        try:
            registry.validate(token.claims)
        except (JoseError, ValueError, TypeError) as error:
            raise _unauthorized(f"the token's claims do not hold: {error}") from None
        return Principal("jwt", str(token.claims.get("sub", "")), dict(token.claims))


__all__ = ["ASYMMETRIC", "AuthConfig", "Authenticator", "Principal"]
