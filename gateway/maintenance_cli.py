"""`baton backup` and `baton rebuild-state`: maintenance of a node's data directory.

Both work on a data directory no node is running on (RocksDB allows one process per
database; a running node's directory is refused as "in use"):

- `baton backup --data-dir D TARGET` starts D's partitions (no gateway), snapshots each
  into `TARGET/partition-<p>` (`Node.backup`: consistent per partition), and stops them.
  `baton run --data-dir TARGET` (or `Node.restore`) starts from the copy.
- `baton rebuild-state --data-dir D` replays each partition's log into a fresh store and
  compares it with the live state (`broker.rebuild.compare_with_replay`, DESIGN invariant 1);
  it prints the differences and exits 1 when there are any.

Exit status: 0 done (no differences), 1 differences found, 3 the data directory cannot be
used (missing, no partitions, in use, unreadable).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path
from typing import Any

from broker import BrokerError, PartitionStore
from broker.node import Node
from broker.rebuild import compare_with_replay

UNUSABLE = 3
_SHOWN = 20  # differences printed per partition


def _partitions(data_dir: Path) -> list[int]:
    """The partition ids with a directory under `data_dir`, in order."""
    found = []
    for entry in data_dir.glob("partition-*"):
        suffix = entry.name.removeprefix("partition-")
        if entry.is_dir() and suffix.isdigit():
            found.append(int(suffix))
    return sorted(found)


def _usable(data_dir: Path, command: str) -> list[int] | None:
    partitions = _partitions(data_dir)
    if not data_dir.is_dir() or not partitions:
        print(
            f"baton {command}: no partitions in {data_dir} (is it a data directory?)",
            file=sys.stderr,
        )
        return None
    if partitions != list(range(1, len(partitions) + 1)):
        print(
            f"baton {command}: expected partitions 1..{len(partitions)} in {data_dir}, "
            f"found {partitions}",
            file=sys.stderr,
        )
        return None
    return partitions


def _backup(args: argparse.Namespace) -> int:
    data_dir, target = Path(args.data_dir), Path(args.target)
    partitions = _usable(data_dir, "backup")
    if partitions is None:
        return UNUSABLE
    if target.exists() and any(target.iterdir()):
        print(f"baton backup: {target} is not empty", file=sys.stderr)
        return UNUSABLE

    async def backup() -> None:
        node = await Node.start(data_dir, partitions=len(partitions))
        try:
            for snapshot in await node.backup(target):
                print(
                    f"{snapshot.directory}: processed position {snapshot.processed_position}, "
                    f"last position {snapshot.last_position}"
                )
        finally:
            await node.stop()

    try:
        asyncio.run(backup())
    except (BrokerError, OSError) as error:
        print(f"baton backup: {error}", file=sys.stderr)
        return UNUSABLE
    print(f"backed up {len(partitions)} partition(s) of {data_dir} into {target}")
    return 0


def _rebuild_state(args: argparse.Namespace) -> int:
    data_dir = Path(args.data_dir)
    partitions = _usable(data_dir, "rebuild-state")
    if partitions is None:
        return UNUSABLE
    differing = 0
    for partition_id in partitions:
        try:
            with PartitionStore.open(data_dir / f"partition-{partition_id}", partition_id) as store:
                differences = compare_with_replay(store, args.snapshot)
                position = store.processed_position
        except (BrokerError, OSError) as error:
            print(f"baton rebuild-state: partition {partition_id}: {error}", file=sys.stderr)
            return UNUSABLE
        if not differences:
            print(f"partition {partition_id}: state matches its log (position {position})")
            continue
        differing += 1
        print(f"partition {partition_id}: {len(differences)} state entries differ from the log")
        for difference in differences[:_SHOWN]:
            print(
                f"  {difference.column} {difference.key.hex()}: live "
                f"{_short(difference.live)}, replayed {_short(difference.replayed)}"
            )
    return 1 if differing else 0


def _short(value: bytes | None) -> str:
    if value is None:
        return "absent"
    return value[:32].hex() + ("..." if len(value) > 32 else "")


def add_maintenance_commands(commands: Any) -> None:
    """Adds `backup` and `rebuild-state` to the `baton` command's subparsers."""
    default_dir = os.environ.get("BATON_DATA_DIR", "data")
    backup = commands.add_parser(
        "backup", help="copy a stopped node's partitions into a backup directory"
    )
    backup.add_argument("target", metavar="DIRECTORY", help="where the backup goes (new or empty)")
    backup.add_argument("--data-dir", default=default_dir, help=f"the node's data ({default_dir})")
    backup.set_defaults(handler=_backup)
    rebuild = commands.add_parser(
        "rebuild-state", help="replay each partition's log and compare with its state"
    )
    rebuild.add_argument("--data-dir", default=default_dir, help=f"the node's data ({default_dir})")
    rebuild.add_argument(
        "--snapshot", default=None, help="replay from this snapshot (once the log is compacted)"
    )
    rebuild.set_defaults(handler=_rebuild_state)
