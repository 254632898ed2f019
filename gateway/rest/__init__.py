"""The Camunda 8 REST v2 API under `/v2` (FastAPI), over the same broker calls as gRPC."""

from ._context import ClockControl, RestContext, RestOptions
from .app import create_rest_app, mount_rest

__all__ = ["ClockControl", "RestContext", "RestOptions", "create_rest_app", "mount_rest"]
