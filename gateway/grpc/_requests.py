"""gRPC requests → engine commands: one function per RPC, pure, so unit tests cover them.

Each returns a `Command` (intent, value, key). Field checks the engine cannot make (JSON
variables, tenant ids, keys that must be positive) are made here, as INVALID_ARGUMENT naming
the request field. Everything about state (does the job exist, is it active) is the engine's
to say.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from msgspec.structs import replace
from pyzeebe.proto import gateway_pb2 as pb

from engine.records.enums import VariableDocumentUpdateSemantic
from engine.records.intents import (
    DecisionEvaluationIntent,
    DeploymentIntent,
    IncidentIntent,
    Intent,
    JobBatchIntent,
    JobIntent,
    MessageIntent,
    ProcessInstanceCreationIntent,
    ProcessInstanceIntent,
    ProcessInstanceMigrationIntent,
    ProcessInstanceModificationIntent,
    ResourceDeletionIntent,
    SignalIntent,
    VariableDocumentIntent,
)
from engine.records.values import (
    DEFAULT_TENANT,
    ActivateInstruction,
    DecisionEvaluationRecordValue,
    DeploymentRecordValue,
    DeploymentResource,
    IncidentRecordValue,
    JobBatchRecordValue,
    JobRecordValue,
    MappingInstruction,
    MessageRecordValue,
    ProcessInstanceCreationRecordValue,
    ProcessInstanceMigrationRecordValue,
    ProcessInstanceModificationRecordValue,
    ProcessInstanceRecordValue,
    RecordValue,
    ResourceDeletionRecordValue,
    SignalRecordValue,
    StartInstruction,
    TerminateInstruction,
    VariableDocumentRecordValue,
    VariableInstruction,
)

from ..errors import invalid_argument
from ..variables import DEFAULT_MAX_VARIABLES_BYTES, parse_variables


@dataclass(frozen=True, slots=True)
class Command:
    """A command for the broker. `key` is the entity's key (-1: a new entity); it also names
    the partition the command goes to."""

    intent: Intent
    value: RecordValue
    key: int = -1


@dataclass(frozen=True, slots=True)
class Limits:
    max_variables_bytes: int = DEFAULT_MAX_VARIABLES_BYTES


def tenant(tenant_id: str, rpc: str) -> str:
    """The tenant of a request: Baton has one, `<default>` (an empty id means it too)."""
    if tenant_id in ("", DEFAULT_TENANT):
        return DEFAULT_TENANT
    raise invalid_argument(
        f"Expected to handle gRPC request {rpc} with tenant identifier '{tenant_id}', but "
        f"multi-tenancy is not supported: leave it empty or use '{DEFAULT_TENANT}'"
    )


def positive_key(key: int, field: str) -> int:
    if key <= 0:
        raise invalid_argument(f"Expected '{field}' to be a positive key, but got {key}")
    return key


def _variables(text: str, field: str, limits: Limits) -> dict[str, Any]:
    return parse_variables(text, field, limits.max_variables_bytes)


def deploy_resource(request: pb.DeployResourceRequest) -> Command:
    tenant(request.tenantId, "DeployResource")
    if not request.resources:
        raise invalid_argument("Expected to deploy at least one resource, but none given")
    resources = [
        DeploymentResource(resource_name=r.name, resource=r.content) for r in request.resources
    ]
    return Command(DeploymentIntent.CREATE, DeploymentRecordValue(resources=resources))


def deploy_process(request: pb.DeployProcessRequest) -> Command:
    if not request.processes:
        raise invalid_argument("Expected to deploy at least one process, but none given")
    resources = [
        DeploymentResource(resource_name=p.name, resource=p.definition) for p in request.processes
    ]
    return Command(DeploymentIntent.CREATE, DeploymentRecordValue(resources=resources))


def delete_resource(request: pb.DeleteResourceRequest) -> Command:
    key = positive_key(request.resourceKey, "resourceKey")
    return Command(
        ResourceDeletionIntent.DELETE, ResourceDeletionRecordValue(resource_key=key), key
    )


def _creation(
    request: pb.CreateProcessInstanceRequest, limits: Limits, rpc: str
) -> ProcessInstanceCreationRecordValue:
    tenant_id = tenant(request.tenantId, rpc)
    if request.processDefinitionKey <= 0 and not request.bpmnProcessId:
        raise invalid_argument(
            "Expected either 'processDefinitionKey' or 'bpmnProcessId' to be set, but got neither"
        )
    instructions = [StartInstruction(element_id=i.elementId) for i in request.startInstructions]
    for index, instruction in enumerate(instructions):
        if not instruction.element_id:
            raise invalid_argument(
                f"Expected 'startInstructions[{index}].elementId' to name an element, but it "
                "is empty"
            )
    return ProcessInstanceCreationRecordValue(
        bpmn_process_id=request.bpmnProcessId if request.processDefinitionKey <= 0 else "",
        process_definition_key=max(request.processDefinitionKey, -1),
        # 0 and -1 both mean "the latest version" (proto3 sends 0 when unset)
        version=request.version if request.version > 0 else -1,
        variables=_variables(request.variables, "variables", limits),
        start_instructions=instructions,
        tenant_id=tenant_id,
    )


def create_process_instance(
    request: pb.CreateProcessInstanceRequest, limits: Limits = Limits()
) -> Command:
    value = _creation(request, limits, "CreateProcessInstance")
    return Command(ProcessInstanceCreationIntent.CREATE, value)


def create_process_instance_with_result(
    request: pb.CreateProcessInstanceWithResultRequest, limits: Limits = Limits()
) -> Command:
    value = _creation(request.request, limits, "CreateProcessInstanceWithResult")
    value = replace(value, fetch_variables=list(request.fetchVariables))
    return Command(ProcessInstanceCreationIntent.CREATE_WITH_AWAITING_RESULT, value)


def cancel_process_instance(request: pb.CancelProcessInstanceRequest) -> Command:
    key = positive_key(request.processInstanceKey, "processInstanceKey")
    value = ProcessInstanceRecordValue(process_instance_key=key)
    return Command(ProcessInstanceIntent.CANCEL, value, key)


def activate_jobs(
    job_type: str, worker: str, timeout: int, max_jobs: int, fetch: list[str], tenants: list[str]
) -> Command:
    """JOB_BATCH ACTIVATE for ActivateJobs and StreamActivatedJobs (checked by the caller)."""
    if not job_type:
        raise invalid_argument("Expected 'type' to name a job type, but it is empty")
    if timeout < 1:
        raise invalid_argument(f"Expected 'timeout' to be at least 1 ms, but got {timeout}")
    if max_jobs < 1:
        raise invalid_argument(f"Expected 'maxJobsToActivate' to be at least 1, but got {max_jobs}")
    for tenant_id in tenants:
        tenant(tenant_id, "ActivateJobs")
    value = JobBatchRecordValue(
        type=job_type,
        worker=worker,
        timeout=timeout,
        max_jobs_to_activate=max_jobs,
        tenant_ids=[DEFAULT_TENANT],
        fetch_variables=fetch,
    )
    return Command(JobBatchIntent.ACTIVATE, value)


def complete_job(request: pb.CompleteJobRequest, limits: Limits = Limits()) -> Command:
    key = positive_key(request.jobKey, "jobKey")
    value = JobRecordValue(variables=_variables(request.variables, "variables", limits))
    return Command(JobIntent.COMPLETE, value, key)


def fail_job(request: pb.FailJobRequest, limits: Limits = Limits()) -> Command:
    key = positive_key(request.jobKey, "jobKey")
    if request.retryBackOff < 0:
        raise invalid_argument(
            f"Expected 'retryBackOff' to be 0 or more ms, but got {request.retryBackOff}"
        )
    value = JobRecordValue(
        retries=request.retries,
        error_message=request.errorMessage,
        retry_backoff=request.retryBackOff,
        variables=_variables(request.variables, "variables", limits),
    )
    return Command(JobIntent.FAIL, value, key)


def throw_error(request: pb.ThrowErrorRequest, limits: Limits = Limits()) -> Command:
    key = positive_key(request.jobKey, "jobKey")
    if not request.errorCode:
        raise invalid_argument("Expected 'errorCode' to be set, but it is empty")
    value = JobRecordValue(
        error_code=request.errorCode,
        error_message=request.errorMessage,
        variables=_variables(request.variables, "variables", limits),
    )
    return Command(JobIntent.THROW_ERROR, value, key)


def update_job_retries(request: pb.UpdateJobRetriesRequest) -> Command:
    key = positive_key(request.jobKey, "jobKey")
    if request.retries < 1:
        raise invalid_argument(f"Expected 'retries' to be at least 1, but got {request.retries}")
    return Command(JobIntent.UPDATE_RETRIES, JobRecordValue(retries=request.retries), key)


def update_job_timeout(request: pb.UpdateJobTimeoutRequest) -> Command:
    key = positive_key(request.jobKey, "jobKey")
    if request.timeout < 0:
        raise invalid_argument(f"Expected 'timeout' to be 0 or more ms, but got {request.timeout}")
    return Command(JobIntent.UPDATE_TIMEOUT, JobRecordValue(timeout=request.timeout), key)


def set_variables(request: pb.SetVariablesRequest, limits: Limits = Limits()) -> Command:
    key = positive_key(request.elementInstanceKey, "elementInstanceKey")
    value = VariableDocumentRecordValue(
        scope_key=key,
        update_semantics=(
            VariableDocumentUpdateSemantic.LOCAL
            if request.local
            else VariableDocumentUpdateSemantic.PROPAGATE
        ),
        variables=_variables(request.variables, "variables", limits),
    )
    return Command(VariableDocumentIntent.UPDATE, value, key)


def resolve_incident(request: pb.ResolveIncidentRequest) -> Command:
    key = positive_key(request.incidentKey, "incidentKey")
    return Command(IncidentIntent.RESOLVE, IncidentRecordValue(), key)


def modify_process_instance(
    request: pb.ModifyProcessInstanceRequest, limits: Limits = Limits()
) -> Command:
    key = positive_key(request.processInstanceKey, "processInstanceKey")
    activate = [
        ActivateInstruction(
            element_id=a.elementId,
            ancestor_scope_key=a.ancestorElementInstanceKey if a.ancestorElementInstanceKey else -1,
            variable_instructions=[
                VariableInstruction(
                    element_id=v.scopeId,
                    variables=_variables(
                        v.variables,
                        f"activateInstructions[{i}].variableInstructions[{j}].variables",
                        limits,
                    ),
                )
                for j, v in enumerate(a.variableInstructions)
            ],
        )
        for i, a in enumerate(request.activateInstructions)
    ]
    terminate = [
        TerminateInstruction(element_instance_key=t.elementInstanceKey)
        for t in request.terminateInstructions
    ]
    value = ProcessInstanceModificationRecordValue(
        process_instance_key=key,
        activate_instructions=activate,
        terminate_instructions=terminate,
    )
    return Command(ProcessInstanceModificationIntent.MODIFY, value, key)


def migrate_process_instance(request: pb.MigrateProcessInstanceRequest) -> Command:
    key = positive_key(request.processInstanceKey, "processInstanceKey")
    plan = request.migrationPlan
    value = ProcessInstanceMigrationRecordValue(
        process_instance_key=key,
        target_process_definition_key=plan.targetProcessDefinitionKey,
        mapping_instructions=[
            MappingInstruction(
                source_element_id=m.sourceElementId, target_element_id=m.targetElementId
            )
            for m in plan.mappingInstructions
        ],
    )
    return Command(ProcessInstanceMigrationIntent.MIGRATE, value, key)


def publish_message(request: pb.PublishMessageRequest, limits: Limits = Limits()) -> Command:
    tenant_id = tenant(request.tenantId, "PublishMessage")
    if not request.name:
        raise invalid_argument("Expected 'name' to name the message, but it is empty")
    if request.timeToLive < 0:
        raise invalid_argument(
            f"Expected 'timeToLive' to be 0 or more ms, but got {request.timeToLive}"
        )
    value = MessageRecordValue(
        name=request.name,
        correlation_key=request.correlationKey,
        time_to_live=request.timeToLive,
        message_id=request.messageId,
        variables=_variables(request.variables, "variables", limits),
        tenant_id=tenant_id,
    )
    return Command(MessageIntent.PUBLISH, value)


def broadcast_signal(request: pb.BroadcastSignalRequest, limits: Limits = Limits()) -> Command:
    tenant_id = tenant(request.tenantId, "BroadcastSignal")
    if not request.signalName:
        raise invalid_argument("Expected 'signalName' to name the signal, but it is empty")
    value = SignalRecordValue(
        signal_name=request.signalName,
        variables=_variables(request.variables, "variables", limits),
        tenant_id=tenant_id,
    )
    return Command(SignalIntent.BROADCAST, value)


def evaluate_decision(request: pb.EvaluateDecisionRequest, limits: Limits = Limits()) -> Command:
    tenant_id = tenant(request.tenantId, "EvaluateDecision")
    if (request.decisionKey > 0) == bool(request.decisionId):
        raise invalid_argument(
            "Expected either 'decisionKey' or 'decisionId' to be set, but got "
            + ("both" if request.decisionId else "neither")
        )
    value = DecisionEvaluationRecordValue(
        decision_key=request.decisionKey if request.decisionKey > 0 else -1,
        decision_id=request.decisionId,
        variables=_variables(request.variables, "variables", limits),
        tenant_id=tenant_id,
    )
    return Command(DecisionEvaluationIntent.EVALUATE, value)
