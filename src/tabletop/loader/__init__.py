"""Load scenarios and playbooks from YAML, reporting every problem with its position."""

from tabletop.loader.files import (
    LoadedScenario,
    load_document,
    load_playbook,
    load_scenario,
    playbook_search_dirs,
)

__all__ = ["LoadedScenario", "load_document", "load_playbook", "load_scenario", "playbook_search_dirs"]
