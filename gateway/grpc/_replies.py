"""Engine response records → gRPC replies: one function per reply shape, pure.

The caller has already turned a COMMAND_REJECTION into a `GatewayError`; these functions see
the event that answers the command. JSON documents (variables, custom headers, decision
outputs) are written compactly, as Zeebe's gateway sends them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from pyzeebe.proto import gateway_pb2 as pb

from broker import ActivatedJob
from engine import Record
from engine.records.values import (
    DecisionEvaluationRecordValue,
    DeploymentRecordValue,
    JobBatchRecordValue,
    JobRecordValue,
    ProcessInstanceCreationRecordValue,
    ProcessInstanceResultRecordValue,
)


def to_json(document: Any) -> str:
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False)


def _process(p: Any) -> pb.ProcessMetadata:
    return pb.ProcessMetadata(
        bpmnProcessId=p.bpmn_process_id,
        version=p.version,
        processDefinitionKey=p.process_definition_key,
        resourceName=p.resource_name,
        tenantId=p.tenant_id,
    )


def deploy_resource(record: Record[DeploymentRecordValue]) -> pb.DeployResourceResponse:
    value = record.value
    deployments = [pb.Deployment(process=_process(p)) for p in value.processes_metadata]
    deployments += [
        pb.Deployment(
            decisionRequirements=pb.DecisionRequirementsMetadata(
                dmnDecisionRequirementsId=d.decision_requirements_id,
                dmnDecisionRequirementsName=d.decision_requirements_name,
                version=d.decision_requirements_version,
                decisionRequirementsKey=d.decision_requirements_key,
                resourceName=d.resource_name,
                tenantId=d.tenant_id,
            )
        )
        for d in value.decision_requirements_metadata
    ]
    deployments += [
        pb.Deployment(
            decision=pb.DecisionMetadata(
                dmnDecisionId=d.decision_id,
                dmnDecisionName=d.decision_name,
                version=d.version,
                decisionKey=d.decision_key,
                dmnDecisionRequirementsId=d.decision_requirements_id,
                decisionRequirementsKey=d.decision_requirements_key,
                tenantId=d.tenant_id,
            )
        )
        for d in value.decisions_metadata
    ]
    deployments += [
        pb.Deployment(
            form=pb.FormMetadata(
                formId=f.form_id,
                version=f.version,
                formKey=f.form_key,
                resourceName=f.resource_name,
                tenantId=f.tenant_id,
            )
        )
        for f in value.form_metadata
    ]
    return pb.DeployResourceResponse(
        key=record.key, deployments=deployments, tenantId=value.tenant_id
    )


def deploy_process(record: Record[DeploymentRecordValue]) -> pb.DeployProcessResponse:
    return pb.DeployProcessResponse(
        key=record.key, processes=[_process(p) for p in record.value.processes_metadata]
    )


def create_process_instance(
    record: Record[ProcessInstanceCreationRecordValue],
) -> pb.CreateProcessInstanceResponse:
    value = record.value
    return pb.CreateProcessInstanceResponse(
        processDefinitionKey=value.process_definition_key,
        bpmnProcessId=value.bpmn_process_id,
        version=value.version,
        processInstanceKey=value.process_instance_key,
        tenantId=value.tenant_id,
    )


def create_process_instance_with_result(
    record: Record[ProcessInstanceResultRecordValue],
) -> pb.CreateProcessInstanceWithResultResponse:
    value = record.value
    return pb.CreateProcessInstanceWithResultResponse(
        processDefinitionKey=value.process_definition_key,
        bpmnProcessId=value.bpmn_process_id,
        version=value.version,
        processInstanceKey=value.process_instance_key,
        variables=to_json(value.variables),
        tenantId=value.tenant_id,
    )


def activated_job(key: int, job: JobRecordValue) -> pb.ActivatedJob:
    return pb.ActivatedJob(
        key=key,
        type=job.type,
        processInstanceKey=job.process_instance_key,
        bpmnProcessId=job.bpmn_process_id,
        processDefinitionVersion=job.process_definition_version,
        processDefinitionKey=job.process_definition_key,
        elementId=job.element_id,
        elementInstanceKey=job.element_instance_key,
        customHeaders=to_json(job.custom_headers),
        worker=job.worker,
        retries=job.retries,
        deadline=job.deadline,
        variables=to_json(job.variables),
        tenantId=job.tenant_id,
    )


def job_responses(
    jobs: Sequence[ActivatedJob], max_bytes: int
) -> Iterator[pb.ActivateJobsResponse]:
    """The jobs in as few ActivateJobsResponses as keep each under about `max_bytes` (a
    single larger job still gets its own response); none for no jobs."""
    response, size = pb.ActivateJobsResponse(), 0
    for job in jobs:
        message = activated_job(job.key, job.job)
        job_size = message.ByteSize() + 8  # the field's tag and length
        if response.jobs and size + job_size > max_bytes:
            yield response
            response, size = pb.ActivateJobsResponse(), 0
        response.jobs.append(message)
        size += job_size
    if response.jobs:
        yield response


def activated_jobs(batch: JobBatchRecordValue) -> list[pb.ActivatedJob]:
    return [activated_job(key, job) for key, job in zip(batch.job_keys, batch.jobs, strict=True)]


def evaluate_decision(record: Record[DecisionEvaluationRecordValue]) -> pb.EvaluateDecisionResponse:
    """The result of DECISION_EVALUATION EVALUATED, or FAILED (then `failureMessage` says why;
    Zeebe answers a failed evaluation with a response, not an error status)."""
    value = record.value
    return pb.EvaluateDecisionResponse(
        decisionKey=value.decision_key,
        decisionId=value.decision_id,
        decisionName=value.decision_name,
        decisionVersion=value.decision_version,
        decisionRequirementsId=value.decision_requirements_id,
        decisionRequirementsKey=value.decision_requirements_key,
        decisionOutput=value.decision_output,
        evaluatedDecisions=[
            pb.EvaluatedDecision(
                decisionKey=d.decision_key,
                decisionId=d.decision_id,
                decisionName=d.decision_name,
                decisionVersion=d.decision_version,
                decisionType=d.decision_type,
                decisionOutput=d.decision_output,
                matchedRules=[
                    pb.MatchedDecisionRule(
                        ruleId=r.rule_id,
                        ruleIndex=r.rule_index,
                        evaluatedOutputs=[
                            pb.EvaluatedDecisionOutput(
                                outputId=o.output_id,
                                outputName=o.output_name,
                                outputValue=o.output_value,
                            )
                            for o in r.evaluated_outputs
                        ],
                    )
                    for r in d.matched_rules
                ],
                evaluatedInputs=[
                    pb.EvaluatedDecisionInput(
                        inputId=i.input_id, inputName=i.input_name, inputValue=i.input_value
                    )
                    for i in d.evaluated_inputs
                ],
                tenantId=d.tenant_id,
            )
            for d in value.evaluated_decisions
        ],
        failedDecisionId=value.failed_decision_id,
        failureMessage=value.evaluation_failure_message,
        tenantId=value.tenant_id,
        decisionInstanceKey=record.key,
    )


__all__ = [
    "activated_job",
    "activated_jobs",
    "create_process_instance",
    "create_process_instance_with_result",
    "deploy_process",
    "deploy_resource",
    "evaluate_decision",
    "job_responses",
    "to_json",
]
