"""How the engine reports progress and learns of cancellation without seeing a thread.

Every long-running engine function takes a ``Feedback``; the CLI gives it a terminal
bar, the plugin a Processing feedback, tests the silent default.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bouwstroom_qgis.core.errors import Cancelled

ProgressFn = Callable[[float, str], None]
CancelFn = Callable[[], bool]


def _no_progress(fraction: float, message: str) -> None:
    return None


def _never_cancelled() -> bool:
    return False


@dataclass
class Feedback:
    """Progress sink plus cancellation probe.

    ``step(start, end)`` gives a child feedback that maps its own 0–1 range onto
    ``start``–``end`` of this one, so each stage reports 0–1 without knowing its place.
    """

    progress: ProgressFn = field(default=_no_progress)
    is_cancelled: CancelFn = field(default=_never_cancelled)
    start: float = 0.0
    end: float = 1.0

    def report(self, fraction: float, message: str = "") -> None:
        self.check()
        fraction = min(max(fraction, 0.0), 1.0)
        self.progress(self.start + (self.end - self.start) * fraction, message)

    def check(self) -> None:
        """Raise ``Cancelled`` when the user has asked to stop."""
        if self.is_cancelled():
            raise Cancelled()

    def step(self, start: float, end: float) -> Feedback:
        span = self.end - self.start
        return Feedback(
            self.progress,
            self.is_cancelled,
            self.start + span * start,
            self.start + span * end,
        )
