"""`baton run` settings: precedence (flags > environment > file > defaults) and clear errors
for unknown keys, wrong types, malformed and hostile files."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.config import ConfigError, RunConfig, load


def test_defaults() -> None:
    config = load({}, environ={})
    assert config == RunConfig()
    assert (config.grpc_port, config.http_port, config.partitions) == (26500, 8080, 1)
    assert config.host == "127.0.0.1"  # no authentication yet: loopback unless asked


def test_flags_beat_environment_beat_file(tmp_path: Path) -> None:
    file = tmp_path / "baton.toml"
    file.write_text('grpc_port = 1111\nhttp_port = 2222\ndata_dir = "from-file"\npartitions = 3\n')
    environ = {"BATON_GRPC_PORT": "3333", "BATON_HTTP_PORT": "4444", "BATON_OTHER": "ignored"}
    config = load(
        {"grpc_port": 5555, "http_port": None, "no_examples": None},
        config_file=str(file),
        environ=environ,
    )
    assert (config.grpc_port, config.http_port) == (5555, 4444)
    assert (config.data_dir, config.partitions, config.no_examples) == ("from-file", 3, False)


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("BATON_NO_EXAMPLES", "yes", True),
        ("BATON_NO_EXAMPLES", "0", False),
        ("BATON_LOG_LEVEL", "DEBUG", "debug"),
        ("BATON_PARTITIONS", " 4 ", 4),
        ("BATON_CONTROLLED_CLOCK", "true", True),
    ],
)
def test_environment_values(variable: str, value: str, expected: object) -> None:
    config = load({}, environ={variable: value})
    assert getattr(config, variable.removeprefix("BATON_").lower()) == expected


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("grpc_prot = 1\n", "'grpc_prot': unknown setting (known: controlled_clock, data_dir"),
        ('grpc_port = "x"\n', "'grpc_port': 'x' is not a port number"),
        ("grpc_port = 70000\n", "70000 is out of range for a port number"),
        ("grpc_port = true\n", "True is not a port number"),
        ("partitions = 1.5\n", "1.5 is not a partition count"),
        ("no_examples = 3\n", "3 is not true or false"),
        ('controlled_clock = "sometimes"\n', "'sometimes' is not true or false"),
        ('data_dir = ""\n', "is not a non-empty text"),
        ('log_level = "loud"\n', "'loud' is not a log level"),
        ("[gateway]\ngrpc_port = 1\n", "key 'gateway': expected a flat file of settings"),
        ("grpc_port = \n", "not valid TOML"),
        ("= = =\n", "not valid TOML"),
        ('a = "\x00"\n', "not valid TOML"),
    ],
)
def test_bad_files_name_the_file_and_key(tmp_path: Path, content: str, says: str) -> None:
    file = tmp_path / "baton.toml"
    file.write_text(content)
    with pytest.raises(ConfigError) as refused:
        load({}, config_file=str(file), environ={})
    assert str(file) in str(refused.value)
    assert says in str(refused.value)


def test_hostile_files(tmp_path: Path) -> None:
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    huge = tmp_path / "huge.toml"
    huge.write_text("# " + "x" * (2 * 1024 * 1024))
    deep = tmp_path / "deep.toml"
    deep.write_text("a = " + "[" * 100_000 + "]" * 100_000 + "\n")
    missing = tmp_path / "missing.toml"
    expectations = [
        (binary, "not UTF-8"),
        (huge, "at most 1048576 bytes"),
        (deep, "nested too deeply"),
        (missing, "cannot read the configuration file"),
        (tmp_path, "cannot read the configuration file"),
    ]
    for path, says in expectations:
        with pytest.raises(ConfigError) as refused:
            load({}, config_file=str(path), environ={})
        assert says in str(refused.value)


def test_bad_environment_names_the_variable() -> None:
    with pytest.raises(ConfigError) as refused:
        load({}, environ={"BATON_HTTP_PORT": "http"})
    assert str(refused.value) == "environment variable BATON_HTTP_PORT: 'http' is not a port number"


def test_log_format() -> None:
    assert load({"log_format": "json"}, environ={}).log_format == "json"
    assert load({}, environ={"BATON_LOG_FORMAT": "JSON"}).log_format == "json"
    with pytest.raises(ConfigError, match="'xml' is not a log format"):
        load({}, environ={"BATON_LOG_FORMAT": "xml"})


def test_exporter_settings_become_exporter_configs(tmp_path: Path) -> None:
    from broker.exporters import KafkaExporterConfig, SqlExporterConfig

    default = load({"data_dir": str(tmp_path)}, environ={})
    [sql] = default.exporters()
    assert sql == SqlExporterConfig(url=f"sqlite:///{tmp_path.resolve() / 'read-model.db'}")
    assert load({}, environ={"BATON_READ_MODEL_URL": "off"}).exporters() == []
    ca = tmp_path / "ca.pem"
    ca.write_text("not checked until connecting")
    file = tmp_path / "baton.toml"
    file.write_text(
        'read_model_url = "postgresql+psycopg://baton@db/baton"\n'
        'kafka_bootstrap_servers = "k1:9092,k2:9093"\n'
        'kafka_topic_per_value_type = true\nkafka_topic_prefix = "audit."\n'
        "kafka_topic_partitions = 3\nkafka_replication_factor = 2\n"
        'kafka_security_protocol = "sasl_ssl"\nkafka_sasl_mechanism = "SCRAM-SHA-512"\n'
        'kafka_sasl_username = "baton"\n'
        f'kafka_ssl_cafile = "{ca}"\n'
    )
    config = load({}, config_file=str(file), environ={"BATON_KAFKA_SASL_PASSWORD": "s3cret"})
    sql, kafka = config.exporters()
    assert sql == SqlExporterConfig(url="postgresql+psycopg://baton@db/baton")
    assert isinstance(kafka, KafkaExporterConfig)
    assert (kafka.bootstrap_servers, kafka.topic_per_value_type, kafka.topic_prefix) == (
        "k1:9092,k2:9093",
        True,
        "audit.",
    )
    assert (kafka.topic_partitions, kafka.replication_factor) == (3, 2)
    assert (kafka.security_protocol, kafka.sasl_mechanism) == ("SASL_SSL", "SCRAM-SHA-512")
    assert (kafka.sasl_username, kafka.sasl_password, kafka.ssl_cafile) == (
        "baton",
        "s3cret",
        str(ca),
    )


def test_tasklist_config_is_an_ordinary_setting(tmp_path: Path) -> None:
    users = tmp_path / "tasklist.toml"
    users.write_text("[tasklist]\n")
    config = load({}, environ={"BATON_TASKLIST_CONFIG": str(users)})
    assert config.tasklist_config == str(users)
    with pytest.raises(ConfigError) as refused:
        load({}, environ={"BATON_TASKLIST_CONFIG": "/nowhere.toml"})
    assert "BATON_TASKLIST_CONFIG: '/nowhere.toml' is not a file" in str(refused.value)


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("BATON_READ_MODEL_URL", "mysql://db/baton", "database 'mysql' is not supported"),
        ("BATON_READ_MODEL_URL", "not a url", "not a database URL"),
        ("BATON_KAFKA_BOOTSTRAP_SERVERS", "kafka", "'kafka' is not a Kafka server as host:port"),
        ("BATON_KAFKA_BOOTSTRAP_SERVERS", "k:1,k:99999", "'k:99999' is not a Kafka server"),
        ("BATON_KAFKA_TOPIC", "audit topic", "'audit topic' is not a Kafka topic name"),
        ("BATON_KAFKA_TOPIC", "", "is not a non-empty text"),
        ("BATON_KAFKA_TOPIC_PREFIX", "a/b", "'a/b' is not a Kafka topic prefix"),
        ("BATON_KAFKA_TOPIC_PER_VALUE_TYPE", "maybe", "'maybe' is not true or false"),
        ("BATON_KAFKA_TOPIC_PARTITIONS", "0", "0 is out of range for a topic partition count"),
        ("BATON_KAFKA_REPLICATION_FACTOR", "x", "'x' is not a replication factor"),
        ("BATON_KAFKA_SECURITY_PROTOCOL", "TLS", "'TLS' is not a Kafka security protocol"),
        ("BATON_KAFKA_SASL_MECHANISM", "GSSAPI", "'GSSAPI' is not a SASL mechanism"),
        ("BATON_KAFKA_SSL_CAFILE", "/no/ca.pem", "'/no/ca.pem' is not a file"),
    ],
)
def test_bad_exporter_settings_name_the_variable(variable: str, value: str, says: str) -> None:
    with pytest.raises(ConfigError) as refused:
        load({}, environ={variable: value})
    assert str(refused.value).startswith(f"environment variable {variable}: ")
    assert says in str(refused.value)


@pytest.mark.parametrize(
    ("environ", "says"),
    [
        (
            {"BATON_KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT"},
            "kafka_security_protocol SASL_PLAINTEXT needs kafka_sasl_mechanism",
        ),
        (
            {"BATON_KAFKA_SASL_MECHANISM": "PLAIN"},
            "kafka_sasl_mechanism is set, but kafka_security_protocol PLAINTEXT uses no SASL",
        ),
        (
            {"BATON_KAFKA_SSL_CAFILE": __file__},
            "kafka_ssl_cafile is set, but kafka_security_protocol PLAINTEXT uses no TLS",
        ),
    ],
)
def test_kafka_settings_that_do_not_fit_together(environ: dict[str, str], says: str) -> None:
    with pytest.raises(ConfigError, match=says):
        load({}, environ=environ)
