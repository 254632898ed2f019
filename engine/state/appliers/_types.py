"""The shape every event applier has, and the table type of each domain module."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ...records.enums import ZeebeEnum
from ..engine_state import EngineState

# (state, record key, record value) -> None. Appliers change state and nothing else: no key
# generation, clock, FEEL, records or decisions that belong to a processor.
Applier = Callable[[EngineState, int, Any], None]
AppliersTable = Mapping[tuple[ZeebeEnum, int], Applier]
