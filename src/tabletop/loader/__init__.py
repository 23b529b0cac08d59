"""Load scenarios and playbooks from YAML, reporting every problem with its position.

Decision scripts load from `tabletop.loader.scripts`: only `tabletop play` reads them, so
`validate` and the rest never build their models.
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
