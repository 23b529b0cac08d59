"""The report's words by language, from labels.yaml: one table per language.

Flat keys are the report's headings and phrases; mappings are groups of words (event
descriptions, capability names, …). A language falls back to English word by word, so a
missing translation shows in English rather than failing; tests/report check that none is
missing.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def label_tables() -> dict[str, dict[str, Any]]:
    """labels.yaml as written: language → its words."""
    return yaml.safe_load(resources.files("tabletop.report").joinpath("labels.yaml").read_text("utf-8"))


@cache
def labels(language: str) -> dict[str, Any]:
    """The report's words in `language`, English where it has none."""
    tables = label_tables()
    words = {**tables["en"]}
    for key, value in tables.get(language, {}).items():
        words[key] = {**words[key], **value} if isinstance(value, dict) and key in words else value
    return words
