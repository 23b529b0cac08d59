"""A participant's answers on the feedback form, as a file holds them: typed up from a
printed form (`tabletop feedback SESSION --team T --file answers.yaml`) or given by a
decision script's `feedback` step.

respondent: legal adviser        # optional, never shown in the report
strengths: The cell met early
improvements: Nobody owned the press line
ratings: {public_information: 2, whole_of_government: 4}
comments: More time for the second move
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from tabletop.model.base import Identifier, StrictModel
from tabletop.model.text import Typed

Answer = Annotated[str, Field(max_length=4000), Typed]
"""One written answer: a paragraph at most, no control or bidi characters."""
Rating = Annotated[int, Field(strict=True, ge=1, le=5)]
"""How well an objective was met: 1 (not met) … 5 (fully met)."""
Ratings = Annotated[dict[Identifier, Rating], Field(max_length=200)]
Respondent = Annotated[str, Field(max_length=80), Typed]


class FeedbackAnswers(StrictModel):
    """One participant's feedback form."""

    respondent: Respondent = ""
    """Who answered (a role or seat), never shown in the report: a later form from the same
    team and respondent replaces the earlier one; forms without one each count."""
    strengths: Answer = ""
    """What went well."""
    improvements: Answer = ""
    """What should improve."""
    ratings: Ratings = {}
    """Objective → 1 (not met) … 5 (fully met), for objectives that concern the team."""
    comments: Answer = ""
    """Anything else."""
