"""Running a partition's commands: the stream processor, the engine's staging store, the
scheduler and its clocks."""

from .clock import Clock, ControlledClock, SystemClock
from .processor import ProcessorStatistics, StreamProcessor
from .scheduler import Scheduler
from .staging import StagingStore, StagingTransaction

__all__ = [
    "Clock",
    "ControlledClock",
    "ProcessorStatistics",
    "Scheduler",
    "StagingStore",
    "StagingTransaction",
    "StreamProcessor",
    "SystemClock",
]
