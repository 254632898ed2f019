"""``baton audit tail``: read the Kafka audit stream and print one line per record.

Wire it into the CLI with ``add_audit_commands(subparsers)``. The command consumes without a
consumer group (nothing is committed to Kafka), from the end by default or from the beginning,
follows until interrupted (or until ``--idle-exit`` seconds pass without a record), and skips
duplicates the way docs/audit-stream.md says: a record at or below the highest position
already printed for its partition is a resend.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

from broker.exporters.kafka_config import DEFAULT_TOPIC


def _describe(record: dict[str, Any]) -> str:
    value = record.get("value") or {}
    value_type = record.get("valueType", "")
    if value_type == "JOB":
        detail = f"type={value.get('type', '')} element={value.get('elementId', '')}"
    elif value_type == "VARIABLE":
        detail = f"name={value.get('name', '')} value={str(value.get('value', ''))[:60]}"
    elif value_type == "USER_TASK":
        detail = f"element={value.get('elementId', '')} assignee={value.get('assignee', '')}"
    elif value_type == "INCIDENT":
        detail = f"{value.get('errorType', '')} {value.get('errorMessage', '')[:60]}"
    elif value_type == "PROCESS":
        detail = f"process={value.get('bpmnProcessId', '')} v{value.get('version', '')}"
    elif "elementId" in value:
        element_type = value.get("bpmnElementType") or ""
        detail = f"element={value['elementId']} {element_type}".rstrip()
    else:
        detail = ""
    if record.get("recordType") == "COMMAND_REJECTION":
        detail += f" rejected {record.get('rejectionType')}: {record.get('rejectionReason')}"
    return detail.strip()


def format_line(record: dict[str, Any]) -> str:
    """One readable line: position, partition, time, value type, intent, key, detail."""
    stamp = datetime.fromtimestamp(record.get("timestamp", 0) / 1000, UTC)
    return (
        f"{record.get('position', '?'):>8} p{record.get('partitionId', '?')} "
        f"{stamp.isoformat(timespec='milliseconds').replace('+00:00', 'Z')} "
        f"{record.get('valueType', '?'):<20} {record.get('intent', '?'):<22} "
        f"key={record.get('key', '?')} {_describe(record)}"
    ).rstrip()


def _instance_of(record: dict[str, Any]) -> int | None:
    value = record.get("value") or {}
    key = value.get("processInstanceKey")
    if record.get("valueType") == "PROCESS_INSTANCE" and value.get("bpmnElementType") == "PROCESS":
        key = record.get("key")
    return key if isinstance(key, int) else None


async def tail(args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    from aiokafka import AIOKafkaConsumer, TopicPartition  # type: ignore[import-untyped]

    consumer = AIOKafkaConsumer(
        bootstrap_servers=args.bootstrap, enable_auto_commit=False, client_id="baton-audit"
    )
    await consumer.start()
    try:
        topics = args.topic or [DEFAULT_TOPIC]
        parts: list[Any] = []
        for topic in topics:
            found = consumer.partitions_for_topic(topic)
            if not found:
                await consumer._client.force_metadata_update()
                found = consumer.partitions_for_topic(topic)
            if not found:
                print(f"baton audit: topic {topic} does not exist", file=sys.stderr)
                return 2
            parts.extend(TopicPartition(topic, p) for p in sorted(found))
        consumer.assign(parts)
        if args.from_beginning:
            await consumer.seek_to_beginning(*parts)
        else:
            await consumer.seek_to_end(*parts)
        highest: dict[int, int] = {}
        loop = asyncio.get_running_loop()
        last_seen = loop.time()
        while True:
            batch = await consumer.getmany(timeout_ms=200)
            if not batch:
                if args.idle_exit is not None and loop.time() - last_seen >= args.idle_exit:
                    return 0
                continue
            last_seen = loop.time()
            for messages in batch.values():
                for message in messages:
                    try:
                        record = json.loads(message.value)
                    except (TypeError, ValueError):
                        continue  # not one of ours
                    partition, position = record.get("partitionId"), record.get("position")
                    if not isinstance(partition, int) or not isinstance(position, int):
                        continue
                    if position <= highest.get(partition, -1):
                        continue  # a resend of a record already printed
                    highest[partition] = position
                    if args.instance is not None and _instance_of(record) != args.instance:
                        continue
                    print(
                        json.dumps(record, ensure_ascii=False)
                        if args.json
                        else format_line(record),
                        file=out,
                        flush=True,
                    )
    finally:
        await consumer.stop()


def _run(args: argparse.Namespace) -> int:
    try:
        return asyncio.run(tail(args))
    except KeyboardInterrupt:
        return 0
    except Exception as error:  # aiokafka connection errors: say so, no traceback
        print(f"baton audit: {type(error).__name__}: {error}", file=sys.stderr)
        return 1


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds") from None
    if value < 0:
        raise argparse.ArgumentTypeError("seconds cannot be negative")
    return value


def add_audit_commands(subparsers: Any) -> None:
    """Add ``audit tail`` to the CLI's subparsers."""
    audit = subparsers.add_parser("audit", help="read the Kafka audit stream")
    commands = audit.add_subparsers(dest="audit_command", required=True, metavar="COMMAND")
    tail_ = commands.add_parser("tail", help="print records from the audit topic(s)")
    tail_.add_argument("--bootstrap", default="127.0.0.1:9092", metavar="HOST:PORT")
    tail_.add_argument(
        "--topic", action="append", metavar="T", help=f"repeatable; default {DEFAULT_TOPIC}"
    )
    tail_.add_argument("--instance", type=int, metavar="KEY", help="one process instance only")
    tail_.add_argument("--from-beginning", action="store_true")
    tail_.add_argument("--json", action="store_true", help="print each record as JSON")
    tail_.add_argument(
        "--idle-exit", type=_seconds, metavar="SECONDS", help="stop after this long without records"
    )
    tail_.set_defaults(handler=_run)


def main(argv: list[str] | None = None) -> int:
    """Runs the audit commands alone (``python -m gateway.audit audit tail ...``)."""
    parser = argparse.ArgumentParser(prog="baton")
    add_audit_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
