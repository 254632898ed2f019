"""The process store: versions per id and tenant, the latest version and its digest."""

from __future__ import annotations

from engine.records.values import ProcessRecordValue
from engine.state import InMemoryKeyValueStore, Processes


def _process(key: int, version: int, process_id: str = "order", **kw: object) -> ProcessRecordValue:
    return ProcessRecordValue(
        bpmn_process_id=process_id,
        version=version,
        process_definition_key=key,
        checksum=f"digest-{key}".encode(),
        resource=b"<definitions/>",
        **kw,  # type: ignore[arg-type]
    )


def test_definitions_are_found_by_key_version_and_latest() -> None:
    processes = Processes(InMemoryKeyValueStore())
    assert processes.latest("order") is None
    assert processes.highest_version("order") == 0
    for key, version in [(10, 1), (11, 2)]:
        processes.put(_process(key, version))
    processes.put(_process(12, 1, "order-items"))  # an id that extends another id
    processes.put(_process(13, 1, tenant_id="acme"))
    assert processes.get(10) == _process(10, 1)
    assert processes.get_version("order", 1) == _process(10, 1)
    assert processes.get_version("order", 3) is None
    assert processes.latest("order") == _process(11, 2)
    assert processes.latest_digest("order") == b"digest-11"
    assert processes.highest_version("order") == 2
    assert processes.latest("order-items") == _process(12, 1, "order-items")
    assert processes.latest("order", "acme") == _process(13, 1, tenant_id="acme")


def test_deleting_the_latest_falls_back_to_the_previous_version() -> None:
    processes = Processes(InMemoryKeyValueStore())
    for key, version in [(10, 1), (11, 2), (12, 3)]:
        processes.put(_process(key, version))
    processes.delete(11)
    assert processes.latest("order") == _process(12, 3)
    processes.delete(12)
    assert processes.latest("order") == _process(10, 1)
    assert processes.latest_digest("order") == b"digest-10"
    assert processes.get_version("order", 3) is None
    assert processes.highest_version("order") == 3  # deleted version numbers are not reused
    processes.delete(10)
    processes.delete(10)
    assert processes.latest("order") is None
    assert processes.latest_digest("order") is None
