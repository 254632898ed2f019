"""Variable commands."""

from __future__ import annotations

from ...records.intents import VariableDocumentIntent
from ..context import ProcessorTable
from .update import UpdateVariableDocument

PROCESSORS: ProcessorTable = {VariableDocumentIntent.UPDATE: UpdateVariableDocument}
