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
    from .config import ConfigError, load

    flags = {
        "data_dir": args.data_dir,
        "grpc_port": args.grpc_port,
        "http_port": args.http_port,
        "partitions": args.partitions,
        "no_examples": True if args.no_examples else None,
        "log_format": args.log_format,
    }
    try:
        config = load(flags, config_file=args.config)
    except ConfigError as error:
        print(f"baton run: {error}", file=sys.stderr)
        return 2
    from .run import run  # grpc, uvicorn, the broker: imported once the settings are good

    return run(config)


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
    # Defaults are None: a flag given wins over BATON_* variables and the --config file.
    run.add_argument("--data-dir", default=None, help="where partitions keep data (data)")
    run.add_argument("--grpc-port", type=_port, default=None, help="Zeebe gRPC port (26500)")
    run.add_argument("--http-port", type=_port, default=None, help="HTTP port (8080)")
    run.add_argument("--partitions", type=_count, default=None, help="partition count (1)")
    run.add_argument("--no-examples", action="store_true", help="do not deploy examples/")
    run.add_argument("--config", default=None, metavar="FILE", help="TOML settings file")
    run.add_argument("--log-format", choices=["text", "json"], default=None, help="(text)")
    run.set_defaults(handler=_run)

    from .client_cli import add_client_commands  # deploy, create-instance, jobs, status, ...

    add_client_commands(commands)
    from .audit import add_audit_commands  # baton audit tail

    add_audit_commands(commands)
    from .examples_cli import add_examples_commands  # baton examples list / run NAME

    add_examples_commands(commands)
    from .maintenance_cli import add_maintenance_commands  # baton backup / rebuild-state

    add_maintenance_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
