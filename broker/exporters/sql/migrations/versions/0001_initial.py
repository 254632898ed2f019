"""The first read model: every table of ``schema.py`` as of issue 8.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_records",
        sa.Column("partition_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("position", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("record_key", sa.BigInteger(), nullable=False),
        sa.Column("timestamp", sa.BigInteger(), nullable=False),
        sa.Column("record_type", sa.String(length=32), nullable=False),
        sa.Column("value_type", sa.String(length=64), nullable=False),
        sa.Column("intent", sa.String(length=64), nullable=False),
        sa.Column("process_instance_key", sa.BigInteger(), nullable=True),
        sa.Column("json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("partition_id", "position"),
    )
    op.create_index(
        "ix_audit_records_process_instance",
        "audit_records",
        ["process_instance_key", "position"],
        unique=False,
    )
    op.create_index("ix_audit_records_record_key", "audit_records", ["record_key"], unique=False)
    op.create_table(
        "decision_definitions",
        sa.Column("key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("decision_id", sa.String(length=256), nullable=False),
        sa.Column("name", sa.String(length=1024), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("decision_requirements_key", sa.BigInteger(), nullable=False),
        sa.Column("decision_requirements_id", sa.String(length=256), nullable=False),
        sa.Column("tenant_id", sa.String(length=256), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index(
        "ix_decision_definitions_id_version",
        "decision_definitions",
        ["decision_id", "version"],
        unique=False,
    )
    op.create_table(
        "decision_instances",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("evaluation_key", sa.BigInteger(), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("decision_key", sa.BigInteger(), nullable=False),
        sa.Column("decision_id", sa.String(length=256), nullable=False),
        sa.Column("decision_name", sa.String(length=1024), nullable=False),
        sa.Column("decision_version", sa.Integer(), nullable=False),
        sa.Column("decision_type", sa.String(length=64), nullable=False),
        sa.Column("decision_requirements_key", sa.BigInteger(), nullable=False),
        sa.Column("output", sa.Text(), nullable=False),
        sa.Column("evaluated_inputs", sa.Text(), nullable=False),
        sa.Column("matched_rules", sa.Text(), nullable=False),
        sa.Column("failure_message", sa.Text(), nullable=False),
        sa.Column("process_instance_key", sa.BigInteger(), nullable=True),
        sa.Column("element_instance_key", sa.BigInteger(), nullable=True),
        sa.Column("element_id", sa.String(length=256), nullable=False),
        sa.Column("bpmn_process_id", sa.String(length=256), nullable=False),
        sa.Column("process_definition_key", sa.BigInteger(), nullable=True),
        sa.Column("tenant_id", sa.String(length=256), nullable=False),
        sa.Column("evaluated_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_decision_instances_decision",
        "decision_instances",
        ["decision_id", "evaluated_at"],
        unique=False,
    )
    op.create_index(
        "ix_decision_instances_evaluation", "decision_instances", ["evaluation_key"], unique=False
    )
    op.create_index(
        "ix_decision_instances_instance",
        "decision_instances",
        ["process_instance_key"],
        unique=False,
    )
    op.create_table(
        "decision_requirements",
        sa.Column("key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("decision_requirements_id", sa.String(length=256), nullable=False),
        sa.Column("name", sa.String(length=1024), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("resource_name", sa.String(length=1024), nullable=False),
        sa.Column("dmn_xml", sa.Text(), nullable=False),
        sa.Column("tenant_id", sa.String(length=256), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "deployments",
        sa.Column("key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("tenant_id", sa.String(length=256), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("resource_names", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "element_instances",
        sa.Column("key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("process_instance_key", sa.BigInteger(), nullable=False),
        sa.Column("process_definition_key", sa.BigInteger(), nullable=False),
        sa.Column("bpmn_process_id", sa.String(length=256), nullable=False),
        sa.Column("element_id", sa.String(length=256), nullable=False),
        sa.Column("element_type", sa.String(length=64), nullable=False),
        sa.Column("flow_scope_key", sa.BigInteger(), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("start_date", sa.BigInteger(), nullable=False),
        sa.Column("end_date", sa.BigInteger(), nullable=True),
        sa.Column("incident_key", sa.BigInteger(), nullable=True),
        sa.Column("tenant_id", sa.String(length=256), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index(
        "ix_element_instances_element", "element_instances", ["element_id", "state"], unique=False
    )
    op.create_index(
        "ix_element_instances_instance",
        "element_instances",
        ["process_instance_key", "start_date"],
        unique=False,
    )
    op.create_table(
        "exporter_positions",
        sa.Column("partition_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("partition_id"),
    )
    op.create_table(
        "incidents",
        sa.Column("key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("error_type", sa.String(length=64), nullable=False),
        sa.Column("error_message", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("process_instance_key", sa.BigInteger(), nullable=False),
        sa.Column("process_definition_key", sa.BigInteger(), nullable=False),
        sa.Column("bpmn_process_id", sa.String(length=256), nullable=False),
        sa.Column("element_id", sa.String(length=256), nullable=False),
        sa.Column("element_instance_key", sa.BigInteger(), nullable=False),
        sa.Column("job_key", sa.BigInteger(), nullable=True),
        sa.Column("tenant_id", sa.String(length=256), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("resolved_at", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_incidents_error_type", "incidents", ["error_type"], unique=False)
    op.create_index("ix_incidents_instance", "incidents", ["process_instance_key"], unique=False)
    op.create_index(
        "ix_incidents_state_created", "incidents", ["state", "created_at"], unique=False
    )
    op.create_table(
        "jobs",
        sa.Column("key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("type", sa.String(length=256), nullable=False),
        sa.Column("worker", sa.String(length=256), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("listener_event_type", sa.String(length=32), nullable=False),
        sa.Column("retries", sa.Integer(), nullable=False),
        sa.Column("error_message", sa.Text(), nullable=False),
        sa.Column("error_code", sa.String(length=256), nullable=False),
        sa.Column("deadline", sa.BigInteger(), nullable=True),
        sa.Column("custom_headers", sa.Text(), nullable=False),
        sa.Column("process_instance_key", sa.BigInteger(), nullable=False),
        sa.Column("element_instance_key", sa.BigInteger(), nullable=False),
        sa.Column("element_id", sa.String(length=256), nullable=False),
        sa.Column("bpmn_process_id", sa.String(length=256), nullable=False),
        sa.Column("process_definition_key", sa.BigInteger(), nullable=False),
        sa.Column("tenant_id", sa.String(length=256), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("ended_at", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_jobs_instance", "jobs", ["process_instance_key"], unique=False)
    op.create_index("ix_jobs_type_state", "jobs", ["type", "state"], unique=False)
    op.create_table(
        "message_subscriptions",
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("message_name", sa.String(length=1024), nullable=False),
        sa.Column("correlation_key", sa.String(length=1024), nullable=False),
        sa.Column("process_instance_key", sa.BigInteger(), nullable=False),
        sa.Column("element_instance_key", sa.BigInteger(), nullable=False),
        sa.Column("element_id", sa.String(length=256), nullable=False),
        sa.Column("bpmn_process_id", sa.String(length=256), nullable=False),
        sa.Column("message_key", sa.BigInteger(), nullable=True),
        sa.Column("interrupting", sa.Boolean(), nullable=False),
        sa.Column("tenant_id", sa.String(length=256), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "key"),
    )
    op.create_index(
        "ix_message_subscriptions_instance",
        "message_subscriptions",
        ["process_instance_key"],
        unique=False,
    )
    op.create_index(
        "ix_message_subscriptions_name_key",
        "message_subscriptions",
        ["message_name", "correlation_key"],
        unique=False,
    )
    op.create_table(
        "messages",
        sa.Column("key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=1024), nullable=False),
        sa.Column("correlation_key", sa.String(length=1024), nullable=False),
        sa.Column("message_id", sa.String(length=1024), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("time_to_live", sa.BigInteger(), nullable=False),
        sa.Column("deadline", sa.BigInteger(), nullable=True),
        sa.Column("variables", sa.Text(), nullable=False),
        sa.Column("tenant_id", sa.String(length=256), nullable=False),
        sa.Column("published_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_messages_name_key", "messages", ["name", "correlation_key"], unique=False)
    op.create_table(
        "process_definitions",
        sa.Column("key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("bpmn_process_id", sa.String(length=256), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("version_tag", sa.String(length=256), nullable=False),
        sa.Column("resource_name", sa.String(length=1024), nullable=False),
        sa.Column("bpmn_xml", sa.Text(), nullable=False),
        sa.Column("checksum", sa.String(length=128), nullable=False),
        sa.Column("deployment_key", sa.BigInteger(), nullable=False),
        sa.Column("tenant_id", sa.String(length=256), nullable=False),
        sa.Column("deployed_at", sa.BigInteger(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index(
        "ix_process_definitions_id_version",
        "process_definitions",
        ["bpmn_process_id", "version"],
        unique=False,
    )
    op.create_table(
        "process_instances",
        sa.Column("key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("bpmn_process_id", sa.String(length=256), nullable=False),
        sa.Column("process_definition_key", sa.BigInteger(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("start_date", sa.BigInteger(), nullable=True),
        sa.Column("end_date", sa.BigInteger(), nullable=True),
        sa.Column("business_key", sa.String(length=1024), nullable=True),
        sa.Column("parent_process_instance_key", sa.BigInteger(), nullable=True),
        sa.Column("parent_element_instance_key", sa.BigInteger(), nullable=True),
        sa.Column("tenant_id", sa.String(length=256), nullable=False),
        sa.Column("partition_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index(
        "ix_process_instances_business_key", "process_instances", ["business_key"], unique=False
    )
    op.create_index(
        "ix_process_instances_definition",
        "process_instances",
        ["process_definition_key"],
        unique=False,
    )
    op.create_index(
        "ix_process_instances_parent",
        "process_instances",
        ["parent_process_instance_key"],
        unique=False,
    )
    op.create_index(
        "ix_process_instances_process",
        "process_instances",
        ["bpmn_process_id", "version"],
        unique=False,
    )
    op.create_index("ix_process_instances_start", "process_instances", ["start_date"], unique=False)
    op.create_index(
        "ix_process_instances_state_start",
        "process_instances",
        ["state", "start_date"],
        unique=False,
    )
    op.create_table(
        "user_task_candidates",
        sa.Column("user_task_key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.PrimaryKeyConstraint("user_task_key", "kind", "name"),
    )
    op.create_index(
        "ix_user_task_candidates_name", "user_task_candidates", ["kind", "name"], unique=False
    )
    op.create_table(
        "user_tasks",
        sa.Column("key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("assignee", sa.String(length=256), nullable=True),
        sa.Column("candidate_users", sa.Text(), nullable=False),
        sa.Column("candidate_groups", sa.Text(), nullable=False),
        sa.Column("due_date", sa.String(length=64), nullable=True),
        sa.Column("follow_up_date", sa.String(length=64), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("form_key", sa.BigInteger(), nullable=True),
        sa.Column("external_form_reference", sa.String(length=2048), nullable=True),
        sa.Column("custom_headers", sa.Text(), nullable=False),
        sa.Column("element_id", sa.String(length=256), nullable=False),
        sa.Column("element_instance_key", sa.BigInteger(), nullable=False),
        sa.Column("process_instance_key", sa.BigInteger(), nullable=False),
        sa.Column("process_definition_key", sa.BigInteger(), nullable=False),
        sa.Column("bpmn_process_id", sa.String(length=256), nullable=False),
        sa.Column("tenant_id", sa.String(length=256), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("completed_at", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index(
        "ix_user_tasks_assignee_state", "user_tasks", ["assignee", "state"], unique=False
    )
    op.create_index("ix_user_tasks_instance", "user_tasks", ["process_instance_key"], unique=False)
    op.create_index(
        "ix_user_tasks_state_created", "user_tasks", ["state", "created_at"], unique=False
    )
    op.create_table(
        "variable_history",
        sa.Column("partition_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("position", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("variable_key", sa.BigInteger(), nullable=False),
        sa.Column("intent", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=1024), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("scope_key", sa.BigInteger(), nullable=False),
        sa.Column("process_instance_key", sa.BigInteger(), nullable=False),
        sa.Column("timestamp", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("partition_id", "position"),
    )
    op.create_index(
        "ix_variable_history_variable",
        "variable_history",
        ["variable_key", "position"],
        unique=False,
    )
    op.create_table(
        "variables",
        sa.Column("key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=1024), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("scope_key", sa.BigInteger(), nullable=False),
        sa.Column("process_instance_key", sa.BigInteger(), nullable=False),
        sa.Column("process_definition_key", sa.BigInteger(), nullable=False),
        sa.Column("bpmn_process_id", sa.String(length=256), nullable=False),
        sa.Column("tenant_id", sa.String(length=256), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index(
        "ix_variables_instance_name", "variables", ["process_instance_key", "name"], unique=False
    )
    op.create_index("ix_variables_name", "variables", ["name"], unique=False)
    op.create_index("ix_variables_scope_name", "variables", ["scope_key", "name"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_variables_scope_name", table_name="variables")
    op.drop_index("ix_variables_name", table_name="variables")
    op.drop_index("ix_variables_instance_name", table_name="variables")
    op.drop_table("variables")
    op.drop_index("ix_variable_history_variable", table_name="variable_history")
    op.drop_table("variable_history")
    op.drop_index("ix_user_tasks_state_created", table_name="user_tasks")
    op.drop_index("ix_user_tasks_instance", table_name="user_tasks")
    op.drop_index("ix_user_tasks_assignee_state", table_name="user_tasks")
    op.drop_table("user_tasks")
    op.drop_index("ix_user_task_candidates_name", table_name="user_task_candidates")
    op.drop_table("user_task_candidates")
    op.drop_index("ix_process_instances_state_start", table_name="process_instances")
    op.drop_index("ix_process_instances_start", table_name="process_instances")
    op.drop_index("ix_process_instances_process", table_name="process_instances")
    op.drop_index("ix_process_instances_parent", table_name="process_instances")
    op.drop_index("ix_process_instances_definition", table_name="process_instances")
    op.drop_index("ix_process_instances_business_key", table_name="process_instances")
    op.drop_table("process_instances")
    op.drop_index("ix_process_definitions_id_version", table_name="process_definitions")
    op.drop_table("process_definitions")
    op.drop_index("ix_messages_name_key", table_name="messages")
    op.drop_table("messages")
    op.drop_index("ix_message_subscriptions_name_key", table_name="message_subscriptions")
    op.drop_index("ix_message_subscriptions_instance", table_name="message_subscriptions")
    op.drop_table("message_subscriptions")
    op.drop_index("ix_jobs_type_state", table_name="jobs")
    op.drop_index("ix_jobs_instance", table_name="jobs")
    op.drop_table("jobs")
    op.drop_index("ix_incidents_state_created", table_name="incidents")
    op.drop_index("ix_incidents_instance", table_name="incidents")
    op.drop_index("ix_incidents_error_type", table_name="incidents")
    op.drop_table("incidents")
    op.drop_table("exporter_positions")
    op.drop_index("ix_element_instances_instance", table_name="element_instances")
    op.drop_index("ix_element_instances_element", table_name="element_instances")
    op.drop_table("element_instances")
    op.drop_table("deployments")
    op.drop_table("decision_requirements")
    op.drop_index("ix_decision_instances_instance", table_name="decision_instances")
    op.drop_index("ix_decision_instances_evaluation", table_name="decision_instances")
    op.drop_index("ix_decision_instances_decision", table_name="decision_instances")
    op.drop_table("decision_instances")
    op.drop_index("ix_decision_definitions_id_version", table_name="decision_definitions")
    op.drop_table("decision_definitions")
    op.drop_index("ix_audit_records_record_key", table_name="audit_records")
    op.drop_index("ix_audit_records_process_instance", table_name="audit_records")
    op.drop_table("audit_records")
