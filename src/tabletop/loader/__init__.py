"""Load scenarios, playbooks and decision scripts from YAML, reporting every problem with its position."""

from tabletop.loader.files import (
    LoadedScenario,
    load_document,
    load_playbook,
    load_scenario,
    playbook_search_dirs,
)
from tabletop.loader.scripts import load_script

__all__ = ["LoadedScenario", "load_document", "load_playbook", "load_scenario", "load_script", "playbook_search_dirs"]
