"""What the engine repaired, could not map or left out, counted and said once at the end.

Bad input is either an ``InputError`` or a documented repair recorded here with a count;
nothing is dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Note:
    """One repair or warning about one input: ``source`` names the file and layer."""

    source: str
    message: str
    count: int = 0

    def __str__(self) -> str:
        counted = f" ({self.count})" if self.count else ""
        return f"{self.source}: {self.message}{counted}"


@dataclass
class Report:
    """Collected repairs and warnings of one run, in the order they happened."""

    repairs: list[Note] = field(default_factory=list)
    warnings: list[Note] = field(default_factory=list)

    def repair(self, source: str, message: str, count: int) -> None:
        """Record a documented repair of ``count`` features; zero counts are not noise."""
        if count:
            self.repairs.append(Note(source, message, int(count)))

    def warn(self, source: str, message: str, count: int = 0) -> None:
        self.warnings.append(Note(source, message, int(count)))

    def lines(self) -> list[str]:
        return [f"repaired  {n}" for n in self.repairs] + [f"warning   {n}" for n in self.warnings]

    def extend(self, other: Report) -> None:
        self.repairs.extend(other.repairs)
        self.warnings.extend(other.warnings)
