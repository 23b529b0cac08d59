"""Load scenarios and playbooks from YAML, reporting every problem with its position.

Decision scripts load from `tabletop.loader.scripts`, imported only when a file turns out
to be one (`load_document` tells by content), so commands that never meet a script never
build their models.
"""

from tabletop.loader.files import (
    LoadedScenario,
    load_document,
    load_playbook,
    load_scenario,
    load_scenario_located,
    playbook_search_dirs,
)

__all__ = [
    "LoadedScenario",
    "load_document",
    "load_playbook",
    "load_scenario",
    "load_scenario_located",
    "playbook_search_dirs",
]
