"""The engine harness as a fixture: every test that uses `h` ends with the replay check."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from engine.testing import EngineHarness


@pytest.fixture
def h() -> Iterator[EngineHarness]:
    harness = EngineHarness()
    yield harness
    harness.assert_replay_matches()
