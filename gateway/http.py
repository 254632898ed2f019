"""The HTTP side of a node: one FastAPI app on the HTTP port, and its uvicorn server.

`create_app(readiness, rest)` builds the app with the health endpoints and, given a
`RestContext`, the REST v2 API mounted at `/v2` (`gateway.rest`); the tasklist is meant to be
added to the same app by its owner, so everything HTTP shares one port.

- `GET /health/live`: 200 while the process serves HTTP at all.
- `GET /health/ready`: 200 when every partition is serving (the gRPC health service says
  SERVING), else 503; both answer a small JSON document.

`HttpServer` runs uvicorn on the caller's event loop over a socket bound up front (so a port
in use is an `OSError` here, not uvicorn's `sys.exit`), and leaves signal handling to the
caller (`baton run` owns SIGINT/SIGTERM).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Callable, Generator

import uvicorn
from fastapi import FastAPI
from fastapi.responses import JSONResponse

from .rest import RestContext, mount_rest


def create_app(ready: Callable[[], bool], rest: RestContext | None = None) -> FastAPI:
    app = FastAPI(title="Baton", docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/health/live")
    async def live() -> JSONResponse:
        return JSONResponse({"status": "UP"})

    @app.get("/health/ready")
    async def ready_() -> JSONResponse:
        if ready():
            return JSONResponse({"status": "UP"})
        return JSONResponse({"status": "DOWN"}, status_code=503)

    if rest is not None:
        mount_rest(app, rest)
    return app


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield  # the node handles signals and stops this server itself


class HttpServer:
    def __init__(self, app: FastAPI, host: str, port: int) -> None:
        self._app = app
        self._host = host
        self.port = port
        self._server: _Server | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        family = socket.AF_INET6 if ":" in self._host else socket.AF_INET
        # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY on accepted connections only when
        # the socket says TCP; with proto 0 every response waited ~40 ms (Nagle + delayed ACK).
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self._host, self.port))
        except OSError as error:
            sock.close()
            raise OSError(
                f"Expected to listen for HTTP on {self._host}:{self.port}, but: {error}"
            ) from None
        self.port = sock.getsockname()[1]
        # log_config None: uvicorn installs no handlers of its own, so its (warning and worse)
        # lines go through the node's logging, JSON included.
        config = uvicorn.Config(
            self._app, lifespan="off", log_level="warning", access_log=False, log_config=None
        )
        self._server = _Server(config)
        self._task = asyncio.get_running_loop().create_task(
            self._server.serve(sockets=[sock]), name="http"
        )
        while not self._server.started:
            if self._task.done():
                self._task.result()  # raises what stopped it
                raise OSError(f"Expected HTTP to start on port {self.port}, but it stopped")
            await asyncio.sleep(0.01)

    async def stop(self) -> None:
        server, task = self._server, self._task
        self._server = self._task = None
        if server is None or task is None:
            return
        server.should_exit = True
        await task


__all__ = ["HttpServer", "create_app"]
