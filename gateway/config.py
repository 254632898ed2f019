"""`baton run` settings: flags > `BATON_...` environment variables > TOML file > defaults.

Every setting has one name, spelled three ways: the flag `--grpc-port`, the file key
`grpc_port`, the variable `BATON_GRPC_PORT`. A file is a flat TOML table of those keys:

    data_dir = "/var/lib/baton"
    grpc_port = 26500
    http_port = 8080
    partitions = 2
    no_examples = true
    controlled_clock = false            # true: PUT /v2/clock moves time (tests only)
    read_model_url = "off"              # default: sqlite:///<data_dir>/read-model.db
    kafka_bootstrap_servers = "kafka:9092"

An unknown key, a value of the wrong type or out of range, a file that is not UTF-8 TOML or
is larger than 1 MiB: each is a `ConfigError` whose message names the source (file path,
variable or flag) and the key, and what would be accepted.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from broker.exporters.kafka_config import (
    DEFAULT_TOPIC,
    DEFAULT_TOPIC_PREFIX,
    KafkaExporterConfig,
)
from broker.exporters.sql.exporter import SqlExporterConfig

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
    # A clock that `PUT /v2/clock` pins and `POST /v2/clock/reset` releases, for testing
    # processes with long timers (Zeebe's controlled clock). Never in production.
    controlled_clock: bool = False
    # The SQL read model the SQL exporter fills (tasklist, REST searches): "" means
    # sqlite:///<data_dir>/read-model.db, "off" runs no SQL exporter.
    read_model_url: str = ""
    # The Kafka audit exporter: off while no bootstrap servers are given.
    kafka_bootstrap_servers: str = ""
    kafka_topic: str = DEFAULT_TOPIC
    kafka_topic_per_value_type: bool = False
    kafka_topic_prefix: str = DEFAULT_TOPIC_PREFIX
    kafka_topic_partitions: int = 1
    kafka_replication_factor: int = 1
    kafka_security_protocol: str = "PLAINTEXT"
    kafka_sasl_mechanism: str = ""
    kafka_sasl_username: str = ""
    kafka_sasl_password: str = ""
    kafka_ssl_cafile: str = ""
    # The tasklist's users and sessions: a TOML file with a [tasklist] table ("" = none).
    tasklist_config: str = ""

    def read_model(self) -> str | None:
        """The read model's SQLAlchemy URL, or None when it is off."""
        if self.read_model_url == "off":
            return None
        if self.read_model_url:
            return self.read_model_url
        return f"sqlite:///{Path(self.data_dir).resolve() / 'read-model.db'}"

    def exporters(self) -> list[SqlExporterConfig | KafkaExporterConfig]:
        """What every partition exports to, from these settings."""
        configs: list[SqlExporterConfig | KafkaExporterConfig] = []
        url = self.read_model()
        if url is not None:
            configs.append(SqlExporterConfig(url=url))
        if self.kafka_bootstrap_servers:
            configs.append(
                KafkaExporterConfig(
                    bootstrap_servers=self.kafka_bootstrap_servers,
                    topic=self.kafka_topic,
                    topic_per_value_type=self.kafka_topic_per_value_type,
                    topic_prefix=self.kafka_topic_prefix,
                    topic_partitions=self.kafka_topic_partitions,
                    replication_factor=self.kafka_replication_factor,
                    security_protocol=self.kafka_security_protocol,
                    sasl_mechanism=self.kafka_sasl_mechanism or None,
                    sasl_username=self.kafka_sasl_username or None,
                    sasl_password=self.kafka_sasl_password or None,
                    ssl_cafile=self.kafka_ssl_cafile or None,
                )
            )
        return configs


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


def _optional_text(value: object) -> str:
    if not isinstance(value, str) or "\x00" in value:
        raise ConfigError(f"{value!r} is not a text")
    return value


def _read_model_url(value: object) -> str:
    text = _optional_text(value).strip()
    if text in ("", "off"):
        return text
    try:
        url = make_url(text)
    except ArgumentError:
        raise ConfigError(
            "not a database URL (sqlite:////path/read-model.db, "
            "postgresql+psycopg://user:password@host/db, or off)"
        ) from None
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise ConfigError(
            f"database '{url.get_backend_name()}' is not supported (sqlite, postgresql, or off)"
        )
    return text


def _bootstrap_servers(value: object) -> str:
    text = _optional_text(value).strip()
    for server in filter(None, (s.strip() for s in text.split(","))):
        host, _, port = server.rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ConfigError(
                f"'{server}' is not a Kafka server as host:port (several separated by commas)"
            )
    return text


def _topic_name(what: str, *, prefix: bool = False) -> Callable[[object], str]:
    # Kafka's rule for topic names: 1-249 of [a-zA-Z0-9._-]; a prefix leaves room after it.
    limit = 200 if prefix else 249

    def check(value: object) -> str:
        text = _text(value)
        if not _TOPIC.fullmatch(text) or len(text) > limit or text in (".", ".."):
            raise ConfigError(
                f"'{text}' is not {what} (1-{limit} of the letters a-z A-Z, digits, '.', '_', '-')"
            )
        return text

    return check


def _one_of(choices: tuple[str, ...], what: str, *, empty: bool = False) -> Callable[[object], str]:
    def check(value: object) -> str:
        text = _optional_text(value).strip()
        if empty and not text:
            return text
        if text.upper() not in choices:
            raise ConfigError(f"'{text}' is not {what} ({', '.join(choices)})")
        return text.upper()

    return check


def _existing_file(value: object) -> str:
    text = _optional_text(value)
    if text and not Path(text).is_file():
        raise ConfigError(f"'{text}' is not a file")
    return text


_TOPIC = re.compile(r"[A-Za-z0-9._-]+")
_SECURITY_PROTOCOLS = ("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL")
_SASL_MECHANISMS = ("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512")

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
    "controlled_clock": _flag,
    "read_model_url": _read_model_url,
    "kafka_bootstrap_servers": _bootstrap_servers,
    "kafka_topic": _topic_name("a Kafka topic name"),
    "kafka_topic_per_value_type": _flag,
    "kafka_topic_prefix": _topic_name("a Kafka topic prefix", prefix=True),
    "kafka_topic_partitions": _int_in(1, 10_000, "a topic partition count"),
    "kafka_replication_factor": _int_in(1, 100, "a replication factor"),
    "kafka_security_protocol": _one_of(_SECURITY_PROTOCOLS, "a Kafka security protocol"),
    "kafka_sasl_mechanism": _one_of(_SASL_MECHANISMS, "a SASL mechanism", empty=True),
    "kafka_sasl_username": _optional_text,
    "kafka_sasl_password": _optional_text,
    "kafka_ssl_cafile": _existing_file,
    "tasklist_config": _existing_file,
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
    return _consistent(_apply(config, given, lambda key: "--" + key.replace("_", "-")))


def _consistent(config: RunConfig) -> RunConfig:
    """Settings that only make sense together (wherever each came from)."""
    protocol = config.kafka_security_protocol
    sasl = protocol.startswith("SASL_")
    if sasl and not (
        config.kafka_sasl_mechanism and config.kafka_sasl_username and config.kafka_sasl_password
    ):
        raise ConfigError(
            f"kafka_security_protocol {protocol} needs kafka_sasl_mechanism, "
            "kafka_sasl_username and kafka_sasl_password"
        )
    if not sasl and config.kafka_sasl_mechanism:
        raise ConfigError(
            f"kafka_sasl_mechanism is set, but kafka_security_protocol {protocol} uses no SASL "
            "(SASL_PLAINTEXT or SASL_SSL)"
        )
    if config.kafka_ssl_cafile and protocol not in ("SSL", "SASL_SSL"):
        raise ConfigError(
            f"kafka_ssl_cafile is set, but kafka_security_protocol {protocol} uses no TLS "
            "(SSL or SASL_SSL)"
        )
    return config


__all__ = ["ConfigError", "RunConfig", "from_environment", "load", "read_file"]
