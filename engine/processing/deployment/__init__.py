"""Deployment: validating and versioning resources, and compiling them once."""

from __future__ import annotations

from ...records.intents import DeploymentIntent, ResourceDeletionIntent
from ..context import ProcessorTable
from .create import CreateDeployment
from .delete import DeleteResource

PROCESSORS: ProcessorTable = {
    DeploymentIntent.CREATE: CreateDeployment,
    ResourceDeletionIntent.DELETE: DeleteResource,
}
