"""Confidence that means something: an entry's evidence score mapped to how often such
entries are right.

``events.entries`` adds up what backs an entry (dated, of a known type, naming who
took part; capped when it is weak) into an *evidence* score. On its own that number
is a hand-set scale. ``models/confidence.json`` maps it, monotonically, to the share
of entries with that evidence that were right on annotated news (TempEval-3's
TimeBank and AQUAINT; see ``benchmarks/calibration.py`` for what "right" means), so
a confidence of 0.8 means about four in five such entries were right there.
No parser is loaded here: the map is a small table read once.
"""

from __future__ import annotations

import bisect
import functools
import json
from dataclasses import dataclass
from pathlib import Path

MODEL_PATH = Path(__file__).parent / "models" / "confidence.json"


@dataclass(frozen=True)
class Calibration:
    """A piecewise-linear, non-decreasing map from evidence to probability.

    ``evidence`` are the fitted points (strictly increasing) and ``probability``
    their values (non-decreasing); between points the map is linear, outside them it
    holds the end value.
    """

    evidence: tuple[float, ...]
    probability: tuple[float, ...]

    def __post_init__(self) -> None:
        if not self.evidence or len(self.evidence) != len(self.probability):
            raise ValueError("a calibration needs as many probabilities as evidence points, at least one")
        if any(b <= a for a, b in zip(self.evidence, self.evidence[1:])):
            raise ValueError("calibration evidence points must increase")
        if any(b < a for a, b in zip(self.probability, self.probability[1:])) or not all(0 <= p <= 1 for p in self.probability):
            raise ValueError("calibration probabilities must be from 0 to 1 and never decrease")

    def __call__(self, evidence: float) -> float:
        """The probability for an evidence score, rounded to two places as the site shows it."""
        xs, ys = self.evidence, self.probability
        at = bisect.bisect_right(xs, evidence)
        if at == 0:
            return round(ys[0], 2)
        if at == len(xs):
            return round(ys[-1], 2)
        x0, x1, y0, y1 = xs[at - 1], xs[at], ys[at - 1], ys[at]
        return round(y0 + (y1 - y0) * (evidence - x0) / (x1 - x0), 2)

    @classmethod
    def from_dict(cls, data: dict) -> "Calibration":
        return cls(tuple(float(x) for x in data["evidence"]), tuple(float(p) for p in data["probability"]))


@functools.lru_cache(maxsize=1)
def load_calibration(path: Path = MODEL_PATH) -> Calibration:
    return Calibration.from_dict(json.loads(path.read_text(encoding="utf-8")))
