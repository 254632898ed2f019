"""The ``baton`` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path


def _validate(args: argparse.Namespace) -> int:
    from bpmn import BpmnError, parse
    from bpmn.dmn import parse_dmn

    failed = 0
    for name in args.files:
        path = Path(name)
        try:
            # A .dmn file is a decision model; everything else is read as BPMN.
            (parse_dmn if path.suffix.lower() == ".dmn" else parse)(path)
        except BpmnError as error:
            failed += 1
            print(f"{name}: {len(error.problems)} problem(s)")
            for problem in error.problems:
                print(f"  {problem}")
        else:
            print(f"{name}: ok")
    return 1 if failed else 0


def _run(args: argparse.Namespace) -> int:
    print(
        "baton run would start one node: broker partitions on RocksDB, the Zeebe gRPC gateway "
        f"on port {args.grpc_port}, the REST API and tasklist on port {args.http_port}"
        + ("" if args.no_examples else ", and deploy the examples")
        + ".",
        file=sys.stderr,
    )
    print(
        "not yet: the engine, broker and gateway are still being built (issues 4-6); "
        "today Baton parses and validates BPMN: try 'baton validate FILE.bpmn'.",
        file=sys.stderr,
    )
    return 2


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number") from None
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (1-65535)")
    return port


def _count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if not 1 <= count <= 1024:
        raise argparse.ArgumentTypeError(f"{count} is out of range (1-1024)")
    return count


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="baton", description="Baton, a BPMN process engine.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser(
        "validate", help="check BPMN and DMN files and print their problems"
    )
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.set_defaults(handler=_validate)

    run = commands.add_parser("run", help="start one node (broker, gateway, tasklist)")
    run.add_argument("--data-dir", default="data")
    run.add_argument("--grpc-port", type=_port, default=26500)
    run.add_argument("--http-port", type=_port, default=8080)
    run.add_argument("--partitions", type=_count, default=None)
    run.add_argument("--no-examples", action="store_true")
    run.set_defaults(handler=_run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
