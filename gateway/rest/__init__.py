"""The Camunda 8 REST v2 API under `/v2` (FastAPI), over the same broker calls as gRPC."""

from ._context import ClockControl, RestContext, RestOptions
from .app import create_rest_app, mount_rest
from .auth import AuthConfig, Authenticator, Principal

__all__ = [
    "AuthConfig",
    "Authenticator",
    "ClockControl",
    "Principal",
    "RestContext",
    "RestOptions",
    "create_rest_app",
    "mount_rest",
]
