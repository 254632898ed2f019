"""Deployment: validating and versioning resources, and compiling them once."""

from __future__ import annotations

from ...records.intents import DeploymentIntent
from ..context import ProcessorTable
from .create import CreateDeployment

PROCESSORS: ProcessorTable = {DeploymentIntent.CREATE: CreateDeployment}
