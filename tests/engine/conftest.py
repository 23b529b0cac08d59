from __future__ import annotations

import pytest

from tabletop.engine import Engine, compile_scenario
from tabletop.loader import load_scenario
from tests.conftest import MINIMAL


@pytest.fixture
def compiled(write_scenario):
    def build(text: str = MINIMAL):
        loaded = load_scenario(write_scenario(text))
        return compile_scenario(loaded.scenario, loaded.playbooks)

    return build


@pytest.fixture
def engine(compiled):
    def build(text: str = MINIMAL, seed: int = 0) -> Engine:
        return Engine(compiled(text), seed)

    return build
