"""The library's doctrine (issue 15): every UN norm is enacted somewhere, and what an option's
text cites is what the option is tagged with, so the debrief and the score agree."""

from __future__ import annotations

import pytest

from tabletop.lint.norms import untagged_in_options
from tabletop.loader import load_scenario
from tabletop.model.vocabulary import UN_NORMS
from tests.conftest import ROOT

SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
LIBRARY = {path.stem: load_scenario(path).scenario for path in SCENARIOS}


def test_every_un_norm_a_to_k_is_enacted_by_some_option_in_the_library():
    enacted = {norm for s in LIBRARY.values() for d in s.decisions for o in d.options for norm in o.norms}
    assert sorted(set(UN_NORMS) - enacted) == []


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_no_option_cites_a_norm_or_cbm_it_is_not_tagged_with(name):
    assert [f.message for f in untagged_in_options(LIBRARY[name])] == []


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_every_declared_cbm_is_used_by_some_option(name):
    scenario = LIBRARY[name]
    used = {c for d in scenario.decisions for o in d.options for c in o.cbms}
    assert [c.id for c in scenario.cbms if c.id not in used] == []
