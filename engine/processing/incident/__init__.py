"""Incident commands."""

from __future__ import annotations

from ...records.intents import IncidentIntent
from ..context import ProcessorTable
from .resolve import ResolveIncident

PROCESSORS: ProcessorTable = {IncidentIntent.RESOLVE: ResolveIncident}
