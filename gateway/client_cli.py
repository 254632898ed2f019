"""The client side of the `baton` command line, like zbctl: each command is one gRPC call to a
gateway (`--address`, default `$BATON_ADDRESS` or localhost:26500).

Output is a readable table (rich) or, with `--json`, one JSON document on stdout for scripts.
Exit status: 0 done; 1 the gateway refused the request (its status code and message are
printed on stderr); 2 a usage error (bad arguments, variables that are not a JSON object);
3 no gateway answered (unreachable, unavailable, or the call timed out).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import grpc
from google.protobuf.message import Message
from pyzeebe.proto import gateway_pb2 as pb
from pyzeebe.proto.gateway_pb2_grpc import GatewayStub
from rich.console import Console
from rich.table import Table

DEFAULT_ADDRESS = "localhost:26500"
EXIT_REFUSED, EXIT_USAGE, EXIT_UNREACHABLE = 1, 2, 3
_UNREACHABLE = {"UNAVAILABLE", "DEADLINE_EXCEEDED"}

Call = Callable[[Any, argparse.Namespace], Message]
Show = Callable[[Message, argparse.Namespace], None]


class _Usage(Exception):
    """A problem with the command's own arguments (exit 2)."""


def _variables(text: str | None) -> str:
    if text is None:
        return ""
    try:
        document = json.loads(text)
    except ValueError as error:
        raise _Usage(f"--variables is not JSON: {error}") from None
    if not isinstance(document, dict):
        raise _Usage("--variables must be a JSON object, such as '{\"a\": 1}'")
    return text


def _table(title: str, columns: list[str], rows: list[list[Any]]) -> None:
    table = Table(title=title)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(str(cell) for cell in row))
    Console().print(table)


def _document(message: Message) -> dict[str, Any]:
    """Every field of `message` by its protocol name, keys as JSON numbers (protobuf's own JSON
    mapping writes 64-bit integers as strings, which scripts then have to convert)."""
    document: dict[str, Any] = {}
    for field in message.DESCRIPTOR.fields:
        value = getattr(message, field.name)
        is_message = field.message_type is not None
        if field.is_repeated:
            document[field.name] = [_document(v) if is_message else v for v in value]
        elif is_message:
            document[field.name] = _document(value) if message.HasField(field.name) else None
        else:
            document[field.name] = value
    return document


def _print(reply: Message, args: argparse.Namespace, say: Callable[[], None]) -> None:
    if args.json:
        print(json.dumps(_document(reply), indent=2, sort_keys=True, ensure_ascii=False))
    else:
        say()


# One function per command: build the request, call, show the reply.


def _deploy(stub: Any, args: argparse.Namespace) -> Message:
    resources = []
    for name in args.files:
        path = Path(name)
        try:
            resources.append(pb.Resource(name=path.name, content=path.read_bytes()))
        except OSError as error:
            raise _Usage(f"cannot read {name}: {error.strerror}") from None
    reply = stub.DeployResource(pb.DeployResourceRequest(resources=resources), timeout=args.timeout)

    def say() -> None:
        rows = []
        for d in reply.deployments:
            kind = d.WhichOneof("Metadata")
            meta = getattr(d, kind)
            if kind == "process":
                rows.append(
                    ["process", meta.bpmnProcessId, meta.version, meta.processDefinitionKey]
                )
            elif kind == "decision":
                rows.append(["decision", meta.dmnDecisionId, meta.version, meta.decisionKey])
            elif kind == "decisionRequirements":
                rows.append(
                    [
                        "decision requirements",
                        meta.dmnDecisionRequirementsId,
                        meta.version,
                        meta.decisionRequirementsKey,
                    ]
                )
            elif kind == "form":
                rows.append(["form", meta.formId, meta.version, meta.formKey])
        _table(f"deployment {reply.key}", ["kind", "id", "version", "key"], rows)

    _print(reply, args, say)
    return cast(Message, reply)


def _create(stub: Any, args: argparse.Namespace) -> Message:
    request = pb.CreateProcessInstanceRequest(
        bpmnProcessId=args.process_id, version=args.version, variables=_variables(args.variables)
    )
    if args.with_result:
        reply = stub.CreateProcessInstanceWithResult(
            pb.CreateProcessInstanceWithResultRequest(
                request=request, requestTimeout=int(args.timeout * 1000), fetchVariables=args.fetch
            ),
            timeout=args.timeout + 5,
        )
    else:
        reply = stub.CreateProcessInstance(request, timeout=args.timeout)

    def say() -> None:
        print(
            f"process instance {reply.processInstanceKey} of '{reply.bpmnProcessId}' "
            f"version {reply.version}"
        )
        if args.with_result:
            print(f"completed with variables {reply.variables}")

    _print(reply, args, say)
    return cast(Message, reply)


def _simple(name: str, build: Callable[[argparse.Namespace], Message], done: str) -> Call:
    def call(stub: Any, args: argparse.Namespace) -> Message:
        reply = getattr(stub, name)(build(args), timeout=args.timeout)
        _print(reply, args, lambda: print(done.format(args=args, reply=reply)))
        return cast(Message, reply)

    return call


def _activate(stub: Any, args: argparse.Namespace) -> Message:
    request = pb.ActivateJobsRequest(
        type=args.job_type,
        worker=args.worker,
        timeout=args.job_timeout,
        maxJobsToActivate=args.max_jobs,
        requestTimeout=args.request_timeout,
    )
    collected = pb.ActivateJobsResponse()
    for reply in stub.ActivateJobs(request, timeout=args.timeout + args.request_timeout / 1000):
        collected.jobs.extend(reply.jobs)

    def say() -> None:
        _table(
            f"{len(collected.jobs)} job(s) of type '{args.job_type}' activated",
            ["key", "process instance", "element", "retries", "variables"],
            [
                [j.key, j.processInstanceKey, j.elementId, j.retries, j.variables]
                for j in collected.jobs
            ],
        )

    _print(collected, args, say)
    return collected


def _status(stub: Any, args: argparse.Namespace) -> Message:
    reply = stub.Topology(pb.TopologyRequest(), timeout=args.timeout)

    def say() -> None:
        print(
            f"cluster size {reply.clusterSize}, {reply.partitionsCount} partition(s), "
            f"gateway version {reply.gatewayVersion}"
        )
        rows = [
            [
                b.nodeId,
                f"{b.host}:{b.port}",
                p.partitionId,
                pb.Partition.PartitionBrokerRole.Name(p.role),
                pb.Partition.PartitionBrokerHealth.Name(p.health),
            ]
            for b in reply.brokers
            for p in b.partitions
        ]
        _table("topology", ["node", "address", "partition", "role", "health"], rows)

    _print(reply, args, say)
    return cast(Message, reply)


def _invoke(call: Call, args: argparse.Namespace) -> int:
    address = args.address or os.environ.get("BATON_ADDRESS") or DEFAULT_ADDRESS
    try:
        with grpc.insecure_channel(address) as channel:
            call(GatewayStub(channel), args)
    except _Usage as problem:
        print(f"baton {args.command}: {problem}", file=sys.stderr)
        return EXIT_USAGE
    except grpc.RpcError as error:
        code = error.code().name
        print(f"baton {args.command}: {code}: {error.details()}", file=sys.stderr)
        if code in _UNREACHABLE:
            print(f"  (is a gateway listening on {address}?)", file=sys.stderr)
            return EXIT_UNREACHABLE
        return EXIT_REFUSED
    return 0


def _key(text: str) -> int:
    try:
        key = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a key") from None
    if key <= 0:
        raise argparse.ArgumentTypeError(f"{key} is not a key (keys are positive)")
    return key


def add_client_commands(commands: Any) -> None:
    """Adds the client commands to `baton`'s subcommands (an argparse subparsers action)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--address",
        default=None,
        help=f"gateway host:port ($BATON_ADDRESS, else {DEFAULT_ADDRESS})",
    )
    common.add_argument("--json", action="store_true", help="print the reply as JSON")
    common.add_argument("--timeout", type=float, default=10.0, help="seconds per call (10)")

    def command(name: str, call: Call, help_text: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = commands.add_parser(
            name, help=help_text, parents=[common]
        )
        parser.set_defaults(handler=lambda args: _invoke(call, args))
        return parser

    deploy = command("deploy", _deploy, "deploy BPMN, DMN and form files")
    deploy.add_argument("files", nargs="+", metavar="FILE")

    create = command("create-instance", _create, "start an instance of a process")
    create.add_argument("process_id", metavar="PROCESS_ID")
    create.add_argument("--version", type=int, default=-1, help="(latest)")
    create.add_argument("--variables", default=None, metavar="JSON")
    create.add_argument("--with-result", action="store_true", help="wait until it completes")
    create.add_argument(
        "--fetch",
        action="append",
        default=[],
        metavar="NAME",
        help="with --with-result: a variable to return (all by default)",
    )

    cancel = command(
        "cancel",
        _simple(
            "CancelProcessInstance",
            lambda a: pb.CancelProcessInstanceRequest(processInstanceKey=a.key),
            "process instance {args.key} canceled",
        ),
        "cancel a process instance",
    )
    cancel.add_argument("key", type=_key, metavar="KEY")

    jobs = commands.add_parser("jobs", help="work with jobs")
    job_commands = jobs.add_subparsers(dest="jobs_command", required=True, metavar="COMMAND")
    activate = job_commands.add_parser("activate", help="activate jobs of a type", parents=[common])
    activate.set_defaults(handler=lambda args: _invoke(_activate, args), command="jobs activate")
    activate.add_argument("job_type", metavar="TYPE")
    activate.add_argument("--max-jobs", type=int, default=10)
    activate.add_argument("--worker", default="baton-cli")
    activate.add_argument("--job-timeout", type=int, default=300_000, metavar="MS")
    activate.add_argument(
        "--request-timeout",
        type=int,
        default=-1,
        metavar="MS",
        help="long poll this long for jobs (-1: answer at once)",
    )

    complete = command(
        "complete-job",
        _simple(
            "CompleteJob",
            lambda a: pb.CompleteJobRequest(jobKey=a.key, variables=_variables(a.variables)),
            "job {args.key} completed",
        ),
        "complete a job",
    )
    complete.add_argument("key", type=_key, metavar="KEY")
    complete.add_argument("--variables", default=None, metavar="JSON")

    fail = command(
        "fail-job",
        _simple(
            "FailJob",
            lambda a: pb.FailJobRequest(
                jobKey=a.key,
                retries=a.retries,
                errorMessage=a.message,
                retryBackOff=a.backoff,
                variables=_variables(a.variables),
            ),
            "job {args.key} failed ({args.retries} retries left)",
        ),
        "fail a job",
    )
    fail.add_argument("key", type=_key, metavar="KEY")
    fail.add_argument("--retries", type=int, required=True)
    fail.add_argument("--message", default="")
    fail.add_argument("--backoff", type=int, default=0, metavar="MS")
    fail.add_argument("--variables", default=None, metavar="JSON")

    resolve = command(
        "resolve",
        _simple(
            "ResolveIncident",
            lambda a: pb.ResolveIncidentRequest(incidentKey=a.key),
            "incident {args.key} resolved",
        ),
        "resolve an incident",
    )
    resolve.add_argument("key", type=_key, metavar="KEY")

    publish = command(
        "publish",
        _simple(
            "PublishMessage",
            lambda a: pb.PublishMessageRequest(
                name=a.name,
                correlationKey=a.correlation_key,
                timeToLive=a.ttl,
                variables=_variables(a.variables),
            ),
            "message '{args.name}' published: key {reply.key}",
        ),
        "publish a message",
    )
    publish.add_argument("name", metavar="NAME")
    publish.add_argument("--correlation-key", required=True)
    publish.add_argument("--variables", default=None, metavar="JSON")
    publish.add_argument("--ttl", type=int, default=0, metavar="MS")

    signal = command(
        "signal",
        _simple(
            "BroadcastSignal",
            lambda a: pb.BroadcastSignalRequest(
                signalName=a.name, variables=_variables(a.variables)
            ),
            "signal '{args.name}' broadcast: key {reply.key}",
        ),
        "broadcast a signal",
    )
    signal.add_argument("name", metavar="NAME")
    signal.add_argument("--variables", default=None, metavar="JSON")

    command("status", _status, "show the cluster topology")


__all__ = ["DEFAULT_ADDRESS", "add_client_commands"]
