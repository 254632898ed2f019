"""`baton run` settings: flags > `BATON_...` environment variables > TOML file > defaults.

Every setting has one name, spelled three ways: the flag `--grpc-port`, the file key
`grpc_port`, the variable `BATON_GRPC_PORT`. A file is a flat TOML table of those keys:

    data_dir = "/var/lib/baton"
    grpc_port = 26500
    http_port = 8080
    partitions = 2
    no_examples = true

An unknown key, a value of the wrong type or out of range, a file that is not UTF-8 TOML or
is larger than 1 MiB: each is a `ConfigError` whose message names the source (file path,
variable or flag) and the key, and what would be accepted.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

MAX_CONFIG_BYTES = 1024 * 1024


class ConfigError(ValueError):
    """A setting that cannot be used; the message names where it came from."""


@dataclass(frozen=True, slots=True)
class RunConfig:
    data_dir: str = "data"
    # Loopback by default: there is no authentication yet, so a laptop's node is not open to
    # its network unless asked (containers set host = "0.0.0.0" / BATON_HOST=0.0.0.0).
    host: str = "127.0.0.1"
    grpc_port: int = 26500
    http_port: int = 8080
    partitions: int = 1
    no_examples: bool = False
    long_polling_timeout_ms: int = 5_000  # ActivateJobs with requestTimeout 0
    with_result_timeout_ms: int = 15_000  # CreateProcessInstanceWithResult with requestTimeout 0
    max_variables_bytes: int = 1024 * 1024
    log_level: str = "info"
    log_format: str = "text"  # or "json": one object per line


def _int_in(low: int, high: int, what: str) -> Callable[[object], int]:
    def check(value: object) -> int:
        if isinstance(value, str):
            try:
                value = int(value.strip())
            except ValueError:
                raise ConfigError(f"'{value}' is not {what}") from None
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{value!r} is not {what}")
        if not low <= value <= high:
            raise ConfigError(f"{value} is out of range for {what} ({low}-{high})")
        return value

    return check


def _text(value: object) -> str:
    if not isinstance(value, str) or not value or "\x00" in value:
        raise ConfigError(f"{value!r} is not a non-empty text")
    return value


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off", ""):
            return False
    raise ConfigError(f"{value!r} is not true or false")


def _level(value: object) -> str:
    text = _text(value).lower()
    if text not in ("debug", "info", "warning", "error"):
        raise ConfigError(f"'{value}' is not a log level (debug, info, warning, error)")
    return text


def _format(value: object) -> str:
    text = _text(value).lower()
    if text not in ("text", "json"):
        raise ConfigError(f"'{value}' is not a log format (text, json)")
    return text


_CHECKS: dict[str, Callable[[object], Any]] = {
    "data_dir": _text,
    "host": _text,
    "grpc_port": _int_in(1, 65535, "a port number"),
    "http_port": _int_in(1, 65535, "a port number"),
    "partitions": _int_in(1, 1024, "a partition count"),
    "no_examples": _flag,
    "long_polling_timeout_ms": _int_in(0, 600_000, "a time in ms"),
    "with_result_timeout_ms": _int_in(1, 3_600_000, "a time in ms"),
    "max_variables_bytes": _int_in(1, 3 * 1024 * 1024, "a size in bytes"),
    "log_level": _level,
    "log_format": _format,
}
assert set(_CHECKS) == {f.name for f in fields(RunConfig)}

ENV_PREFIX = "BATON_"


def _apply(
    config: RunConfig, values: Mapping[str, object], source: Callable[[str], str]
) -> RunConfig:
    changes: dict[str, Any] = {}
    for key, value in values.items():
        check = _CHECKS.get(key)
        if check is None:
            known = ", ".join(sorted(_CHECKS))
            raise ConfigError(f"{source(key)}: unknown setting (known: {known})")
        try:
            changes[key] = check(value)
        except ConfigError as error:
            raise ConfigError(f"{source(key)}: {error}") from None
    return replace(config, **changes)


def read_file(path: str | os.PathLike[str]) -> dict[str, object]:
    """The settings of a TOML file (not yet checked)."""
    file = Path(path)
    try:
        with file.open("rb") as stream:
            data = stream.read(MAX_CONFIG_BYTES + 1)
    except OSError as error:
        raise ConfigError(f"{file}: cannot read the configuration file: {error.strerror}") from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{file}: a configuration file is at most {MAX_CONFIG_BYTES} bytes")
    try:
        document = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{file}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{file}: not valid TOML: {error}") from None
    except RecursionError:  # tomllib recurses per nesting level
        raise ConfigError(f"{file}: not valid TOML: values nested too deeply") from None
    for key, value in document.items():
        if isinstance(value, dict):
            raise ConfigError(
                f"{file}: key '{key}': expected a flat file of settings, but found a table"
            )
    return document


def from_environment(environ: Mapping[str, str]) -> dict[str, object]:
    """The `BATON_<SETTING>` variables. Other `BATON_` variables are ignored: scripts and
    other tools (`BATON_ADDRESS` of the client commands) may share the prefix."""
    found: dict[str, object] = {}
    for name in _CHECKS:
        variable = ENV_PREFIX + name.upper()
        if variable in environ:
            found[name] = environ[variable]
    return found


def load(
    flags: Mapping[str, object],
    *,
    config_file: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> RunConfig:
    """Defaults, then the file, then the environment, then the flags given (not None)."""
    config = RunConfig()
    if config_file is not None:
        config = _apply(config, read_file(config_file), lambda key: f"{config_file}: '{key}'")
    env = from_environment(os.environ if environ is None else environ)
    config = _apply(config, env, lambda key: f"environment variable {ENV_PREFIX}{key.upper()}")
    given = {key: value for key, value in flags.items() if value is not None}
    return _apply(config, given, lambda key: "--" + key.replace("_", "-"))


__all__ = ["ConfigError", "RunConfig", "from_environment", "load", "read_file"]
