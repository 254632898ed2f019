"""Signal commands: one processor per command."""

from __future__ import annotations

from ...records.intents import SignalIntent
from ..context import ProcessorTable
from .broadcast import BroadcastSignal

PROCESSORS: ProcessorTable = {
    SignalIntent.BROADCAST: BroadcastSignal,
}
