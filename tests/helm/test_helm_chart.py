"""The Helm chart (helm/baton) rendered offline with Helm's own Go SDK (helm-python-sdk) for the
default values and realistic combinations; every manifest is validated against the Kubernetes
schemas (kubernetes-validate, strict: no unknown fields), and the fields that matter are
checked: security context, probes, volumes, ports, labels and selectors, the rendered
configuration. Bad values fail to render with a message naming the field.

Nothing here needs network access: the chart has no dependencies.
"""

from __future__ import annotations

import base64
import copy
import json
import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import helm_python
import kubernetes_validate
import pytest
import yaml

CHART = Path(__file__).resolve().parents[2] / "helm" / "baton"
DOCKERFILE = CHART.parents[1] / "Dockerfile"
KUBERNETES_VERSION = "1.35.0"
RELEASE = "baton"
NAMESPACE = "workflows"

# An argon2id hash of "correct horse battery staple" (tasklist.hash_password).
PASSWORD_HASH = (
    "$argon2id$v=19$m=65536,t=3,p=4$vrc7SRu2318M7N5gwxpcZQ"
    "$LYa3vV0H87WIfIK+SSTInYpsf0Y2u8AojloH6uT+udQ"
)

KAFKA_PASSWORD = "kafka-pa$$word-7Qz"
# What the existing Secrets named by the value sets hold (the cluster would have them).
EXISTING_SECRETS: dict[tuple[str, str], str] = {
    ("kafka-users", "baton"): "existing-kafka-secret-9Xw",
    ("baton-read-model", "dsn"): "postgresql+psycopg://baton:pg-pa55-Vt3@postgres.db.svc/baton",
}
# Every secret of the value sets: none may appear outside a Secret.
SECRETS = [KAFKA_PASSWORD, *EXISTING_SECRETS.values(), "pg-pa55-Vt3"]

# The value sets a platform team would install with.
VALUE_SETS: dict[str, dict[str, Any]] = {
    "default": {},
    "auth": {
        "tasklist": {
            "sessionSecretKey": "k" * 40,
            "secureCookies": True,
            "users": {
                "alice": {"passwordHash": PASSWORD_HASH, "groups": ["clerks"], "roles": ["admin"]},
                "bob.smith@example.com": {"passwordHash": PASSWORD_HASH},
            },
            "roleGroups": {"operator": ["ops"], "admin": ["platform"]},
            "oidc": {
                "enabled": True,
                "issuer": "https://login.example.com/realms/baton",
                "clientId": "baton",
                "clientSecret": 's3cr"et\\with\nescapes',
            },
        }
    },
    "existing-secret": {
        "tasklist": {"existingSecret": "baton-tasklist-file", "existingSecretKey": "baton.toml"}
    },
    "ingress": {
        "ingress": {
            "enabled": True,
            "className": "nginx",
            "annotations": {"nginx.ingress.kubernetes.io/proxy-body-size": "8m"},
            "hosts": [{"host": "baton.example.com", "paths": ["/tasklist", "/v2"]}],
            "tls": [{"secretName": "baton-tls", "hosts": ["baton.example.com"]}],
        },
        "tasklist": {"secureCookies": True},
        "networkPolicy": {
            "enabled": True,
            "from": [
                {"podSelector": {}},
                {
                    "namespaceSelector": {
                        "matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}
                    }
                },
            ],
        },
    },
    "network-policy": {"networkPolicy": {"enabled": True}},
    "service-monitor": {"serviceMonitor": {"enabled": True, "labels": {"release": "prom"}}},
    "ephemeral": {
        "persistence": {"enabled": False},
        "podDisruptionBudget": {"enabled": False},
        "readModel": {"url": "off"},
    },
    "kafka": {
        "kafka": {
            "enabled": True,
            "bootstrapServers": "kafka-0.kafka.streaming.svc:9093,kafka-1.kafka.streaming.svc:9093",
            "topicPerValueType": True,
            "topicPrefix": "workflows.baton-",
            "topicPartitions": 6,
            "replicationFactor": 3,
            "securityProtocol": "SASL_SSL",
            "sasl": {"mechanism": "SCRAM-SHA-512", "username": "baton", "password": KAFKA_PASSWORD},
            "tls": {"caSecret": "kafka-cluster-ca", "caSecretKey": "ca.pem"},
        }
    },
    "kafka-existing-secret": {
        "kafka": {
            "enabled": True,
            "bootstrapServers": ["kafka-0:9092", "kafka-1:9092"],
            "topic": "baton-records",
            "securityProtocol": "SASL_PLAINTEXT",
            "sasl": {
                "mechanism": "PLAIN",
                "username": "baton",
                "existingSecret": "kafka-users",
                "existingSecretKey": "baton",
            },
        }
    },
    "postgres-read-model": {
        "readModel": {"existingSecret": "baton-read-model", "existingSecretKey": "dsn"},
    },
    "read-model-url": {
        "readModel": {"url": "postgresql+psycopg://baton@postgres.db.svc:5432/baton"},
        "kafka": {"enabled": True, "bootstrapServers": "kafka:9092"},
    },
    "tuned": {
        "image": {
            "repository": "registry.example.com/platform/baton",
            "digest": "sha256:" + "a" * 64,
        },
        "imagePullSecrets": [{"name": "regcred"}],
        "baton": {
            "partitions": 4,
            "logFormat": "text",
            "logLevel": "debug",
            "longPollingTimeoutMs": 20000,
            "maxVariablesBytes": 3145728,
        },
        "ports": {"grpc": 26600, "http": 9090},
        "service": {"type": "LoadBalancer", "annotations": {"example.com/lb": "internal"}},
        "persistence": {"storageClassName": "fast-ssd", "size": "50Gi"},
        "resources": {"requests": {"cpu": "4", "memory": "2Gi"}, "limits": {"memory": "4Gi"}},
        "extraEnv": [
            {
                "name": "BATON_LOG_LEVEL",
                "valueFrom": {"configMapKeyRef": {"name": "baton-overrides", "key": "level"}},
            }
        ],
        "extraEnvFrom": [{"secretRef": {"name": "baton-env"}}],
        "serviceAccount": {"create": False, "name": "workflows"},
        "nodeSelector": {"disktype": "ssd"},
        "tolerations": [{"key": "dedicated", "operator": "Equal", "value": "baton"}],
        "priorityClassName": "high",
    },
}


@cache
def chart() -> helm_python.Chart:
    """The chart, loaded once (a handle into Helm's Go SDK)."""
    return helm_python.Chart.load(CHART)


@cache
def _render(values_json: str, release: str) -> dict[str, str]:
    return chart().render(json.loads(values_json), name=release, namespace=NAMESPACE)


def render(values: dict[str, Any] | None = None, release: str = RELEASE) -> dict[str, str]:
    """Template path -> rendered text (NOTES.txt included)."""
    return _render(json.dumps(values or {}, sort_keys=True), release)


def manifests(values: dict[str, Any] | None = None, release: str = RELEASE) -> list[dict[str, Any]]:
    """Every Kubernetes object the chart renders for `values`."""
    found: list[dict[str, Any]] = []
    for path, text in sorted(render(values, release).items()):
        if path.endswith("NOTES.txt"):
            continue
        found.extend(doc for doc in yaml.safe_load_all(text) if doc)
    return found


def one(objects: list[dict[str, Any]], kind: str, name: str | None = None) -> dict[str, Any]:
    matches = [
        o for o in objects if o["kind"] == kind and (name is None or o["metadata"]["name"] == name)
    ]
    assert len(matches) == 1, f"expected one {kind} {name or ''}, found {len(matches)}"
    return matches[0]


def kinds(objects: list[dict[str, Any]]) -> list[str]:
    return sorted(o["kind"] for o in objects)


def container(objects: list[dict[str, Any]]) -> dict[str, Any]:
    containers = one(objects, "StatefulSet")["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1
    result: dict[str, Any] = containers[0]
    return result


def baton_toml(objects: list[dict[str, Any]]) -> str:
    text: str = one(objects, "ConfigMap")["data"]["baton.toml"]
    return text


def tasklist_toml(objects: list[dict[str, Any]]) -> str:
    secret = one(objects, "Secret", f"{RELEASE}-tasklist")
    return base64.b64decode(secret["data"]["tasklist.toml"]).decode()


def merged(values: dict[str, Any]) -> dict[str, Any]:
    return chart().merge_values(copy.deepcopy(values))


def _selected(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return all(labels.get(k) == v for k, v in selector.items())


def _service_monitor_ok(monitor: dict[str, Any], objects: list[dict[str, Any]]) -> None:
    """kubernetes-validate has no schema for the Prometheus Operator's CRD: check the fields
    the operator needs by hand, and that it selects exactly the client Service."""
    assert monitor["apiVersion"] == "monitoring.coreos.com/v1"
    spec = monitor["spec"]
    assert set(spec) == {"namespaceSelector", "selector", "endpoints"}
    assert spec["namespaceSelector"] == {"matchNames": [NAMESPACE]}
    services = [
        s
        for s in objects
        if s["kind"] == "Service"
        and _selected(spec["selector"]["matchLabels"], s["metadata"]["labels"])
    ]
    assert [s["metadata"]["name"] for s in services] == [RELEASE]
    port_names = {p["name"] for p in services[0]["spec"]["ports"]}
    for endpoint in spec["endpoints"]:
        assert set(endpoint) <= {"port", "path", "interval", "scrapeTimeout"}
        assert endpoint["port"] in port_names
        assert endpoint["path"].startswith("/")
        assert re.fullmatch(r"\d+(ms|s|m|h)", endpoint["interval"])


def _each_value_set() -> list[Any]:
    return [pytest.param(values, id=name) for name, values in VALUE_SETS.items()]


@pytest.mark.parametrize("values", _each_value_set())
def test_every_manifest_is_valid_for_kubernetes(values: dict[str, Any]) -> None:
    objects = manifests(values)
    assert objects
    for obj in objects:
        if obj["kind"] == "ServiceMonitor":
            _service_monitor_ok(obj, objects)
            continue
        try:
            kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as error:
            raise AssertionError(f"{obj['kind']} {obj['metadata']['name']}: {error}") from None


@pytest.mark.parametrize("values", _each_value_set())
def test_labels_names_and_selectors_line_up(values: dict[str, Any]) -> None:
    objects = manifests(values)
    for obj in objects:
        labels = obj["metadata"]["labels"]
        assert labels["app.kubernetes.io/name"] == "baton"
        assert labels["app.kubernetes.io/instance"] == RELEASE
        assert labels["app.kubernetes.io/managed-by"] == "Helm"
        assert labels["app.kubernetes.io/version"] == "0.1.0"
        assert labels["helm.sh/chart"] == "baton-0.1.0"
        assert obj["metadata"]["namespace"] == NAMESPACE
    statefulset = one(objects, "StatefulSet")
    pod_labels = statefulset["spec"]["template"]["metadata"]["labels"]
    assert _selected(statefulset["spec"]["selector"]["matchLabels"], pod_labels)
    for service in (o for o in objects if o["kind"] == "Service"):
        assert _selected(service["spec"]["selector"], pod_labels)
    if values.get("podDisruptionBudget", {}).get("enabled", True):
        pdb = one(objects, "PodDisruptionBudget")
        assert _selected(pdb["spec"]["selector"]["matchLabels"], pod_labels)
        assert pdb["spec"]["maxUnavailable"] == 1
    else:
        assert "PodDisruptionBudget" not in kinds(objects)
    headless = one(objects, "Service", f"{RELEASE}-headless")
    assert headless["spec"]["clusterIP"] == "None"
    assert statefulset["spec"]["serviceName"] == headless["metadata"]["name"]


def test_default_values_render_the_expected_objects() -> None:
    objects = manifests()
    assert kinds(objects) == [
        "ConfigMap",
        "PodDisruptionBudget",
        "Secret",
        "Service",
        "Service",
        "ServiceAccount",
        "StatefulSet",
    ]
    statefulset = one(objects, "StatefulSet")
    assert statefulset["spec"]["replicas"] == 1
    assert statefulset["spec"]["podManagementPolicy"] == "Parallel"
    pod = statefulset["spec"]["template"]["spec"]
    assert pod["serviceAccountName"] == RELEASE
    assert pod["automountServiceAccountToken"] is False
    # A Service named e.g. "baton-grpc" would set BATON_GRPC_PORT=tcp://... in the pod,
    # which Baton reads as its grpc_port setting and refuses.
    assert pod["enableServiceLinks"] is False
    assert container(objects)["image"] == "baton:0.1.0"


@pytest.mark.parametrize("values", _each_value_set())
def test_the_pod_is_locked_down(values: dict[str, Any]) -> None:
    objects = manifests(values)
    pod = one(objects, "StatefulSet")["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] == 10001
    assert pod["securityContext"]["fsGroup"] == 10001
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    security = container(objects)["securityContext"]
    assert security["readOnlyRootFilesystem"] is True
    assert security["allowPrivilegeEscalation"] is False
    assert security["privileged"] is False
    assert security["runAsNonRoot"] is True
    assert security["capabilities"] == {"drop": ["ALL"]}
    assert security["seccompProfile"] == {"type": "RuntimeDefault"}


@pytest.mark.parametrize("values", _each_value_set())
def test_writable_data_and_tmp_read_only_config(values: dict[str, Any]) -> None:
    objects = manifests(values)
    statefulset = one(objects, "StatefulSet")
    pod = statefulset["spec"]["template"]["spec"]
    mounts = {m["mountPath"]: m for m in container(objects)["volumeMounts"]}
    expected = {"/data", "/tmp", "/etc/baton/config", "/etc/baton/tasklist"}
    kafka = merged(values)["kafka"]
    if kafka["enabled"] and kafka["tls"]["caSecret"]:
        expected.add("/etc/baton/kafka-ca")
        assert mounts["/etc/baton/kafka-ca"]["readOnly"] is True
    assert set(mounts) == expected
    assert not mounts["/data"].get("readOnly", False)
    assert not mounts["/tmp"].get("readOnly", False)
    assert mounts["/etc/baton/config"]["readOnly"] is True
    assert mounts["/etc/baton/tasklist"]["readOnly"] is True
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert "emptyDir" in volumes[mounts["/tmp"]["name"]]
    assert volumes["config"]["configMap"]["name"] == f"{RELEASE}-config"
    persistent = merged(values)["persistence"]["enabled"]
    claims = statefulset["spec"].get("volumeClaimTemplates", [])
    if persistent:
        assert "data" not in volumes
        [claim] = claims
        assert claim["metadata"]["name"] == mounts["/data"]["name"]
        assert claim["spec"]["accessModes"] == ["ReadWriteOnce"]
        size = merged(values)["persistence"]["size"]
        assert claim["spec"]["resources"]["requests"]["storage"] == size
    else:
        assert claims == []
        assert volumes["data"] == {"name": "data", "emptyDir": {}}
    # Baton's data_dir is the mounted volume.
    assert tomllib.loads(baton_toml(objects))["data_dir"] == "/data"


@pytest.mark.parametrize("values", _each_value_set())
def test_ports_probes_and_arguments_agree_with_the_config(values: dict[str, Any]) -> None:
    objects = manifests(values)
    config = tomllib.loads(baton_toml(objects))
    main = container(objects)
    ports = {p["name"]: p["containerPort"] for p in main["ports"]}
    assert ports == {"grpc": config["grpc_port"], "http": config["http_port"]}
    for probe, path in (
        ("startupProbe", "/health/live"),
        ("livenessProbe", "/health/live"),
        ("readinessProbe", "/health/ready"),
    ):
        assert main[probe]["httpGet"] == {"path": path, "port": "http"}, probe
    assert main["startupProbe"]["failureThreshold"] * main["startupProbe"]["periodSeconds"] >= 300
    # `baton run` (the image's entrypoint) reads the ConfigMap's file.
    assert main["args"] == ["--config", "/etc/baton/config/baton.toml"]
    assert "command" not in main
    env = {e["name"]: e for e in main["env"]}
    assert env["BATON_TASKLIST_CONFIG"]["value"] == "/etc/baton/tasklist/tasklist.toml"
    pod = one(objects, "StatefulSet")["spec"]["template"]["spec"]
    tasklist_volume = next(v for v in pod["volumes"] if v["name"] == "tasklist")
    assert tasklist_volume["secret"]["items"][0]["path"] == "tasklist.toml"
    service = one(objects, "Service", RELEASE)
    assert {p["name"]: p["targetPort"] for p in service["spec"]["ports"]} == {
        "grpc": "grpc",
        "http": "http",
    }
    assert config["host"] == "0.0.0.0"


def test_default_configuration_file() -> None:
    config = tomllib.loads(baton_toml(manifests()))
    assert config == {
        "data_dir": "/data",
        "host": "0.0.0.0",
        "grpc_port": 26500,
        "http_port": 8080,
        "partitions": 1,
        "no_examples": True,
        "long_polling_timeout_ms": 5000,
        "with_result_timeout_ms": 15000,
        "max_variables_bytes": 1048576,
        "log_level": "info",
        "log_format": "json",
        "read_model_url": "",
    }


def test_tuned_values_reach_the_config_and_the_pod() -> None:
    objects = manifests(VALUE_SETS["tuned"])
    config = tomllib.loads(baton_toml(objects))
    assert config["partitions"] == 4
    assert config["log_format"] == "text"
    assert config["log_level"] == "debug"
    assert config["long_polling_timeout_ms"] == 20000
    assert config["max_variables_bytes"] == 3145728
    assert (config["grpc_port"], config["http_port"]) == (26600, 9090)
    main = container(objects)
    assert main["image"] == "registry.example.com/platform/baton@sha256:" + "a" * 64
    assert main["resources"]["requests"] == {"cpu": "4", "memory": "2Gi"}
    assert main["envFrom"] == [{"secretRef": {"name": "baton-env"}}]
    assert [e["name"] for e in main["env"]] == ["BATON_TASKLIST_CONFIG", "BATON_LOG_LEVEL"]
    pod = one(objects, "StatefulSet")["spec"]["template"]["spec"]
    assert pod["serviceAccountName"] == "workflows"
    assert "ServiceAccount" not in kinds(objects)
    assert pod["imagePullSecrets"] == [{"name": "regcred"}]
    assert pod["priorityClassName"] == "high"
    claim = one(objects, "StatefulSet")["spec"]["volumeClaimTemplates"][0]
    assert claim["spec"]["storageClassName"] == "fast-ssd"
    service = one(objects, "Service", RELEASE)
    assert service["spec"]["type"] == "LoadBalancer"
    assert service["metadata"]["annotations"] == {"example.com/lb": "internal"}


def test_a_changed_config_restarts_the_pod() -> None:
    def checksum(values: dict[str, Any]) -> str:
        pod = one(manifests(values), "StatefulSet")["spec"]["template"]
        value: str = pod["metadata"]["annotations"]["checksum/config"]
        return value

    assert checksum({}) == checksum({})
    assert checksum({}) != checksum({"baton": {"partitions": 2}})


def test_tasklist_secret_from_values() -> None:
    objects = manifests(VALUE_SETS["auth"])
    secret = one(objects, "Secret", f"{RELEASE}-tasklist")
    assert secret["type"] == "Opaque"
    table = tomllib.loads(tasklist_toml(objects))["tasklist"]
    assert table["secret_key"] == "k" * 40
    assert table["secure_cookies"] is True
    assert table["session_max_age_s"] == 28800
    assert table["users"]["alice"] == {
        "password_hash": PASSWORD_HASH,
        "groups": ["clerks"],
        "roles": ["admin"],
    }
    assert table["users"]["bob.smith@example.com"]["roles"] == []
    assert table["role_groups"] == {"admin": ["platform"], "operator": ["ops"]}
    assert table["oidc"]["client_secret"] == 's3cr"et\\with\nescapes'
    assert table["oidc"]["issuer"] == "https://login.example.com/realms/baton"
    pod = one(objects, "StatefulSet")["spec"]["template"]["spec"]
    volume = next(v for v in pod["volumes"] if v["name"] == "tasklist")
    assert volume["secret"]["secretName"] == f"{RELEASE}-tasklist"
    assert volume["secret"]["defaultMode"] == 0o440


def test_a_generated_session_key_is_long_and_random() -> None:
    table = tomllib.loads(tasklist_toml(manifests()))["tasklist"]
    assert re.fullmatch(r"[A-Za-z0-9]{48}", table["secret_key"])
    assert "users" not in table and "oidc" not in table


def test_existing_secret_is_mounted_and_nothing_is_rendered() -> None:
    objects = manifests(VALUE_SETS["existing-secret"])
    assert "Secret" not in kinds(objects)
    pod = one(objects, "StatefulSet")["spec"]["template"]["spec"]
    volume = next(v for v in pod["volumes"] if v["name"] == "tasklist")
    assert volume["secret"]["secretName"] == "baton-tasklist-file"
    assert volume["secret"]["items"] == [{"key": "baton.toml", "path": "tasklist.toml"}]


def test_ingress_routes_tasklist_and_rest_to_the_http_port() -> None:
    objects = manifests(VALUE_SETS["ingress"])
    ingress = one(objects, "Ingress")
    assert ingress["spec"]["ingressClassName"] == "nginx"
    assert ingress["spec"]["tls"] == [{"secretName": "baton-tls", "hosts": ["baton.example.com"]}]
    [rule] = ingress["spec"]["rules"]
    assert rule["host"] == "baton.example.com"
    paths = {p["path"]: p for p in rule["http"]["paths"]}
    assert set(paths) == {"/tasklist", "/v2"}
    for path in paths.values():
        assert path["pathType"] == "Prefix"
        assert path["backend"]["service"] == {"name": RELEASE, "port": {"name": "http"}}
    notes = render(VALUE_SETS["ingress"])["baton/templates/NOTES.txt"]
    assert "https://baton.example.com/tasklist/" in notes


@pytest.mark.parametrize("name", ["network-policy", "ingress"])
def test_network_policy_admits_the_peers_to_grpc_and_http(name: str) -> None:
    values = VALUE_SETS[name]
    objects = manifests(values)
    policy = one(objects, "NetworkPolicy")
    pod_labels = one(objects, "StatefulSet")["spec"]["template"]["metadata"]["labels"]
    assert _selected(policy["spec"]["podSelector"]["matchLabels"], pod_labels)
    assert policy["spec"]["policyTypes"] == ["Ingress"]
    [rule] = policy["spec"]["ingress"]
    assert rule["ports"] == [
        {"port": "grpc", "protocol": "TCP"},
        {"port": "http", "protocol": "TCP"},
    ]
    expected = values["networkPolicy"].get("from") or [{"podSelector": {}}]
    assert rule["from"] == expected
    assert "NetworkPolicy" not in kinds(manifests())


def test_notes_say_how_to_reach_baton() -> None:
    notes = render()["baton/templates/NOTES.txt"]
    assert f"kubectl --namespace {NAMESPACE} port-forward svc/{RELEASE} 26500:26500 8080:8080" in (
        notes
    )
    assert "http://localhost:8080/tasklist/" in notes
    assert "zbctl --address localhost:26500 --insecure status" in notes
    assert "Camunda Modeler" in notes and "http://localhost:26500" in notes
    assert "Nobody can log in" in notes
    assert "Nobody can log in" not in render(VALUE_SETS["auth"])["baton/templates/NOTES.txt"]
    assert "does not authenticate gRPC or REST calls" in notes
    fenced = render(VALUE_SETS["network-policy"])["baton/templates/NOTES.txt"]
    assert "does not authenticate" not in fenced


def test_long_release_names_stay_within_kubernetes_limits() -> None:
    release = "a-release-name-that-is-quite-long-for-a-workflow-engine-x"
    objects = manifests({}, release=release)
    for obj in objects:
        assert len(obj["metadata"]["name"]) <= 63
        kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
    statefulset = one(objects, "StatefulSet")
    # the pod name is <statefulset>-<ordinal>
    assert len(statefulset["metadata"]["name"]) + len("-0") <= 63


def test_helm_lint_strict_passes() -> None:
    for values in VALUE_SETS.values():
        report = helm_python.lint(CHART, values, strict=True, kube_version="v" + KUBERNETES_VERSION)
        problems = [m for m in report["messages"] if m["severity"] >= 2]
        assert problems == [] and report["errors"] == [], report


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"baton": {"partitions": 0}}, "/baton/partitions': minimum: got 0, want 1"),
        ({"baton": {"partitions": 2000}}, "/baton/partitions': maximum: got 2,000, want 1,024"),
        ({"baton": {"partitions": "two"}}, "/baton/partitions': got string, want integer"),
        ({"replicaCount": 3}, "/replicaCount': maximum: got 3, want 1"),
        ({"baton": {"logLevel": "verbose"}}, "/baton/logLevel'"),
        ({"ports": {"grpc": 70000}}, "/ports/grpc': maximum"),
        ({"baton": {"partitons": 2}}, "additional properties 'partitons' not allowed"),
        (
            {"tasklist": {"users": {"eve": {"passwordHash": "hunter2"}}}},
            "/tasklist/users/eve/passwordHash'",
        ),
        ({"tasklist": {"users": {"eve": {}}}}, "missing property 'passwordHash'"),
        ({"tasklist": {"sessionSecretKey": "short"}}, "/tasklist/sessionSecretKey'"),
        ({"persistence": {"size": "lots"}}, "/persistence/size'"),
        ({"image": {"digest": "latest"}}, "/image/digest'"),
    ],
)
def test_bad_values_fail_to_render_naming_the_field(values: dict[str, Any], message: str) -> None:
    with pytest.raises(helm_python.HelmValuesError) as raised:
        chart().render(values, name=RELEASE, namespace=NAMESPACE)
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"baton": {"extraConfig": {"partitions": 3}}},
            "baton.extraConfig.partitions: set by the chart",
        ),
        (
            {"tasklist": {"oidc": {"enabled": True, "issuer": "https://id.example.com"}}},
            "tasklist.oidc.enabled needs tasklist.oidc.issuer, tasklist.oidc.clientId",
        ),
    ],
)
def test_inconsistent_values_fail_with_a_clear_message(
    values: dict[str, Any], message: str
) -> None:
    with pytest.raises(helm_python.HelmRenderError) as raised:
        chart().render(values, name=RELEASE, namespace=NAMESPACE)
    assert message in str(raised.value)


def test_extra_config_is_written_as_toml() -> None:
    values = {"baton": {"extraConfig": {"future_flag": True, "future_name": 'a "b"', "n": 3}}}
    config = tomllib.loads(baton_toml(manifests(values)))
    assert config["future_flag"] is True
    assert config["future_name"] == 'a "b"'
    assert config["n"] == 3


def test_dockerfile_matches_the_chart() -> None:
    """The chart relies on the image's user, ports, entrypoint and volume."""
    text = DOCKERFILE.read_text()
    final = text.split("\nFROM ${PYTHON_IMAGE}\n")[-1]
    defaults = merged({})
    assert "ARG BATON_UID=10001" in final
    assert "USER ${BATON_UID}:${BATON_UID}" in final
    assert defaults["podSecurityContext"]["runAsUser"] == 10001
    assert f"EXPOSE {defaults['ports']['grpc']} {defaults['ports']['http']}" in final
    assert 'ENTRYPOINT ["baton", "run"]' in final
    assert 'VOLUME ["/data"]' in final
    assert "/health/ready" in final.split("HEALTHCHECK", 1)[1]
    assert re.search(r"^FROM \$\{PYTHON_IMAGE\}$", text, re.M)
    assert "ARG PYTHON_IMAGE=python:3.11-slim" in text


# The exporters: Kafka and the read model.


def container_env(
    objects: list[dict[str, Any]], existing: dict[tuple[str, str], str] | None = None
) -> dict[str, str]:
    """The Baton container's variables as the kubelet would set them: plain values, and
    secretKeyRefs resolved from the rendered Secrets or else from `existing` (the Secrets a
    cluster would already have, EXISTING_SECRETS by default)."""
    existing = EXISTING_SECRETS if existing is None else existing
    secrets = {o["metadata"]["name"]: o.get("data", {}) for o in objects if o["kind"] == "Secret"}
    env: dict[str, str] = {}
    for variable in container(objects).get("env", []):
        if "value" in variable:
            env[variable["name"]] = variable["value"]
            continue
        ref = variable["valueFrom"].get("secretKeyRef")
        if ref is None:
            continue  # configMapKeyRef of extraEnv: not the chart's
        if ref["name"] in secrets:
            env[variable["name"]] = base64.b64decode(secrets[ref["name"]][ref["key"]]).decode()
        elif (ref["name"], ref["key"]) in existing:
            env[variable["name"]] = existing[(ref["name"], ref["key"])]
    return env


@pytest.mark.parametrize("values", _each_value_set())
def test_no_secret_outside_a_secret(values: dict[str, Any]) -> None:
    objects = manifests(values)
    for obj in objects:
        if obj["kind"] == "Secret":
            continue
        text = json.dumps(obj)
        for secret in SECRETS:
            assert secret not in text, (obj["kind"], secret)
    # NOTES.txt neither.
    for path, text in render(values).items():
        if path.endswith("NOTES.txt"):
            assert not any(secret in text for secret in SECRETS)


def test_kafka_with_sasl_and_a_ca_renders_into_the_config_and_a_secret() -> None:
    objects = manifests(VALUE_SETS["kafka"])
    config = tomllib.loads(baton_toml(objects))
    assert config["kafka_bootstrap_servers"] == (
        "kafka-0.kafka.streaming.svc:9093,kafka-1.kafka.streaming.svc:9093"
    )
    assert config["kafka_topic_per_value_type"] is True
    assert config["kafka_topic_prefix"] == "workflows.baton-"
    assert (config["kafka_topic_partitions"], config["kafka_replication_factor"]) == (6, 3)
    assert config["kafka_security_protocol"] == "SASL_SSL"
    assert (config["kafka_sasl_mechanism"], config["kafka_sasl_username"]) == (
        "SCRAM-SHA-512",
        "baton",
    )
    assert config["kafka_ssl_cafile"] == "/etc/baton/kafka-ca/ca.crt"
    assert "kafka_sasl_password" not in config
    secret = one(objects, "Secret", f"{RELEASE}-kafka")
    assert set(secret["data"]) == {"sasl-password"}
    assert container_env(objects)["BATON_KAFKA_SASL_PASSWORD"] == KAFKA_PASSWORD
    volumes = {
        v["name"]: v for v in one(objects, "StatefulSet")["spec"]["template"]["spec"]["volumes"]
    }
    assert volumes["kafka-ca"]["secret"]["secretName"] == "kafka-cluster-ca"
    assert volumes["kafka-ca"]["secret"]["items"] == [{"key": "ca.pem", "path": "ca.crt"}]
    annotations = one(objects, "StatefulSet")["spec"]["template"]["metadata"]["annotations"]
    assert "checksum/kafka" in annotations


def test_kafka_password_from_an_existing_secret() -> None:
    objects = manifests(VALUE_SETS["kafka-existing-secret"])
    assert [o for o in objects if o["kind"] == "Secret" and "kafka" in o["metadata"]["name"]] == []
    config = tomllib.loads(baton_toml(objects))
    assert config["kafka_bootstrap_servers"] == "kafka-0:9092,kafka-1:9092"
    assert config["kafka_topic"] == "baton-records"
    assert "kafka_ssl_cafile" not in config
    [variable] = [v for v in container(objects)["env"] if v["name"] == "BATON_KAFKA_SASL_PASSWORD"]
    assert variable["valueFrom"]["secretKeyRef"] == {"name": "kafka-users", "key": "baton"}


def test_kafka_is_off_and_the_read_model_is_sqlite_by_default() -> None:
    objects = manifests()
    config = tomllib.loads(baton_toml(objects))
    assert config["read_model_url"] == ""
    assert not any(key.startswith("kafka_") for key in config)
    names = {v["name"] for v in container(objects)["env"]}
    assert names == {"BATON_TASKLIST_CONFIG"}


def test_postgresql_read_model_dsn_comes_from_a_secret() -> None:
    objects = manifests(VALUE_SETS["postgres-read-model"])
    config = tomllib.loads(baton_toml(objects))
    assert "read_model_url" not in config  # the variable sets it
    [variable] = [v for v in container(objects)["env"] if v["name"] == "BATON_READ_MODEL_URL"]
    assert variable["valueFrom"]["secretKeyRef"] == {"name": "baton-read-model", "key": "dsn"}
    assert container_env(objects)["BATON_READ_MODEL_URL"].startswith("postgresql+psycopg://")


def test_a_read_model_url_without_password_goes_into_the_config() -> None:
    config = tomllib.loads(baton_toml(manifests(VALUE_SETS["read-model-url"])))
    assert config["read_model_url"] == "postgresql+psycopg://baton@postgres.db.svc:5432/baton"
    assert config["kafka_security_protocol"] == "PLAINTEXT"
    assert "kafka_sasl_mechanism" not in config


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"readModel": {"url": "postgresql+psycopg://baton:secret@pg/baton"}},
            "readModel.url holds a password",
        ),
        (
            {"readModel": {"url": "postgresql://pg/baton", "existingSecret": "db"}},
            "readModel.url and readModel.existingSecret are both set",
        ),
        ({"readModel": {"url": "mysql://pg/baton"}}, "/readModel/url"),
        ({"kafka": {"enabled": True}}, "kafka.enabled needs kafka.bootstrapServers"),
        ({"kafka": {"bootstrapServers": "kafka"}}, "/kafka/bootstrapServers"),
        ({"kafka": {"topic": "no spaces"}}, "/kafka/topic"),
        ({"kafka": {"replicationFactor": 0}}, "/kafka/replicationFactor"),
        ({"kafka": {"securityProtocol": "TLS"}}, "/kafka/securityProtocol"),
        (
            {
                "kafka": {
                    "enabled": True,
                    "bootstrapServers": "k:9092",
                    "securityProtocol": "SASL_SSL",
                    "sasl": {"mechanism": "PLAIN", "username": "u"},
                }
            },
            "kafka.securityProtocol SASL_SSL needs",
        ),
        (
            {
                "kafka": {
                    "enabled": True,
                    "bootstrapServers": "k:9092",
                    "sasl": {"mechanism": "PLAIN", "password": "p"},
                }
            },
            "uses no SASL",
        ),
        (
            {"kafka": {"enabled": True, "bootstrapServers": "k:9092", "tls": {"caSecret": "ca"}}},
            "uses no TLS",
        ),
    ],
)
def test_bad_exporter_values_fail_naming_the_field(values: dict[str, Any], message: str) -> None:
    with pytest.raises(
        (helm_python.HelmValuesError, helm_python.HelmRenderError), match=re.escape(message)
    ):
        render(values)


def test_notes_say_where_the_records_go() -> None:
    notes = render()["baton/templates/NOTES.txt"]
    assert "SQLite at /data/read-model.db" in notes
    assert "Kafka: off" in notes
    notes = render(VALUE_SETS["kafka"])["baton/templates/NOTES.txt"]
    assert "(SASL_SSL), one topic per record type, workflows.baton-<type>" in notes
    notes = render(VALUE_SETS["postgres-read-model"])["baton/templates/NOTES.txt"]
    assert "Secret baton-read-model (key dsn)" in notes
