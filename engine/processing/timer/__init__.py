"""Timer commands: one processor per command."""

from __future__ import annotations

from ...records.intents import TimerIntent
from ..context import ProcessorTable
from .trigger import TriggerTimer

PROCESSORS: ProcessorTable = {
    TimerIntent.TRIGGER: TriggerTimer,
}
