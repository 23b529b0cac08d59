"""The executive summary, and numbers as people write them ("43 of 72 points (60%)")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tabletop.scoring import DecisionScore

TOP = 3


def number(value: float, words: dict[str, str]) -> str:
    """At most one decimal, none when whole: 43, 43.5 (43,5 in Spanish)."""
    text = f"{round(value, 1):.1f}".removesuffix(".0")
    return "0" if text == "-0" else text.replace(".", words["decimal_mark"])


def score_text(points: float, possible: float, words: dict[str, str]) -> str:
    """'43 of 72 points (60%)': the share rounded to a whole percent."""
    percent = round(100 * points / possible) if possible else 0
    return words["percent_of_possible"].format(
        points=number(points, words), possible=number(possible, words), percent=percent
    )


def ranked(
    evidence: Sequence[tuple[DecisionScore, dict[str, Any]]], strengths: bool, words: dict[str, str]
) -> list[dict[str, Any]]:
    """The top three distinct answers, best first for strengths, worst first for areas for
    improvement (a defaulted answer before any chosen one); a heavier decision ranks first on ties.
    Each is labelled: `S1`… or `A1`…, with its team and decision point."""
    distinct = {(score.decision, score.team): (score, item) for score, item in evidence}.values()

    def order(pair: tuple[DecisionScore, dict[str, Any]]) -> tuple:
        score = pair[0]
        if strengths:
            return (-score.percent, -score.possible, score.opened_at)
        return (score.how != "defaulted", score.percent, -score.possible, score.opened_at)

    prefix = words["strength_prefix"] if strengths else words["improvement_prefix"]
    return [
        {"rank": rank, "label": f"{prefix}{rank}", **item}
        for rank, (_, item) in enumerate(sorted(distinct, key=order)[:TOP], start=1)
    ]
