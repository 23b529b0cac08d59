"""Computer playthroughs of a scenario: Monte Carlo sweeps to find its holes before people play it."""

from tabletop.simulate.playthrough import RunResult, play_once, run_seed
from tabletop.simulate.policies import POLICIES, make_policy
from tabletop.simulate.sweep import run_sweep, summarise

__all__ = ["POLICIES", "RunResult", "make_policy", "play_once", "run_seed", "run_sweep", "summarise"]
