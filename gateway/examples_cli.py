"""`baton examples list` and `baton examples run NAME`: the runnable examples under `examples/`.

Each example is a folder `examples/<name>/` with its BPMN (and DMN, forms), a README and
`workers.py`, which exposes `PROCESS_ID`, `create_worker(channel)` (a pyzeebe worker with the
example's task types) and `example_variables()` (one instance's variables).

`baton examples run NAME` deploys the example's files (a file equal to its deployed version is
not versioned again, so this is harmless after `make run` deployed them), creates one instance
with `--start`, then runs the workers against `--address` until Ctrl-C.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

EXAMPLES_DIR = Path(__file__).resolve().parents[1] / "examples"
RESOURCE_SUFFIXES = (".form", ".dmn", ".bpmn")


def example_names(directory: Path = EXAMPLES_DIR) -> list[str]:
    """The examples: folders with a `workers.py`."""
    if not directory.is_dir():
        return []
    return sorted(
        p.name for p in directory.iterdir() if p.is_dir() and (p / "workers.py").is_file()
    )


def summary(name: str, directory: Path = EXAMPLES_DIR) -> str:
    """The README's first paragraph line after its title, for `baton examples list`."""
    readme = directory / name / "README.md"
    try:
        lines = readme.read_text(encoding="utf-8").splitlines()
    except OSError:
        return ""
    for line in lines[1:]:
        if line.strip():
            return line.strip()
    return ""


def load_workers(name: str, directory: Path = EXAMPLES_DIR) -> ModuleType:
    root = str(directory.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    return importlib.import_module(f"{directory.name}.{name}.workers")


def resources(name: str, directory: Path = EXAMPLES_DIR) -> list[Path]:
    files = [p for p in (directory / name).iterdir() if p.suffix in RESOURCE_SUFFIXES]
    return sorted(files, key=lambda p: (RESOURCE_SUFFIXES.index(p.suffix), p.name))


def _list(args: argparse.Namespace) -> int:
    names = example_names()
    if not names:
        print(f"no examples under {EXAMPLES_DIR}")
        return 0
    width = max(len(n) for n in names)
    for name in names:
        print(f"{name.ljust(width)}  {summary(name)}")
    return 0


async def _run_example(module: ModuleType, name: str, args: argparse.Namespace) -> int:
    from pyzeebe import ZeebeClient, create_insecure_channel

    channel = create_insecure_channel(grpc_address=args.address)
    client = ZeebeClient(channel)
    files = [str(p) for p in resources(name)]
    await client.deploy_resource(*files)
    print(f"deployed {', '.join(Path(f).name for f in files)} to {args.address}")
    if args.start:
        variables: dict[str, Any] = (
            json.loads(args.variables) if args.variables else module.example_variables()
        )
        created = await client.run_process(module.PROCESS_ID, variables)
        print(f"started {module.PROCESS_ID}: process instance {created.process_instance_key}")
    worker = module.create_worker(channel)
    print(f"workers of {name} running against {args.address}; Ctrl-C stops them")
    try:
        await worker.work()
    finally:
        await worker.stop()
        await channel.close()
    return 0


def _run(args: argparse.Namespace) -> int:
    names = example_names()
    if args.name not in names:
        print(
            f"baton examples run: no example '{args.name}' (known: {', '.join(names)})",
            file=sys.stderr,
        )
        return 2
    if args.variables is not None:
        try:
            if not isinstance(json.loads(args.variables), dict):
                raise ValueError
        except ValueError:
            print("baton examples run: --variables must be a JSON object", file=sys.stderr)
            return 2
    module = load_workers(args.name)
    with contextlib.suppress(KeyboardInterrupt):
        try:
            return asyncio.run(_run_example(module, args.name, args))
        except Exception as error:  # a gateway that does not answer, a refused deployment
            print(f"baton examples run: {type(error).__name__}: {error}", file=sys.stderr)
            return 3
    return 0


def add_examples_commands(subparsers: Any) -> None:
    """Add `examples list` and `examples run NAME` to the CLI's subparsers."""
    examples = subparsers.add_parser("examples", help="list the examples, run one's workers")
    commands = examples.add_subparsers(dest="examples_command", required=True, metavar="COMMAND")
    list_ = commands.add_parser("list", help="name the examples under examples/")
    list_.set_defaults(handler=_list)
    run = commands.add_parser("run", help="deploy an example and run its workers")
    run.add_argument("name", metavar="NAME")
    run.add_argument(
        "--address", default="localhost:26500", help="Baton's gRPC address (localhost:26500)"
    )
    run.add_argument("--start", action="store_true", help="also create one instance")
    run.add_argument("--variables", default=None, help="the instance's variables (JSON)")
    run.set_defaults(handler=_run)


def main(argv: list[str] | None = None) -> int:
    """The examples commands alone (`python -m gateway.examples_cli examples list`)."""
    parser = argparse.ArgumentParser(prog="baton")
    add_examples_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["EXAMPLES_DIR", "add_examples_commands", "example_names", "main"]
