"""Reading YAML in one pass: each limit says which it is, scalars read as SafeLoader reads them."""

from __future__ import annotations

import math

import pytest
import yaml

from tabletop.errors import ValidationFailed
from tabletop.loader import yaml_events
from tabletop.loader.yaml_source import parse_source


def message_of(text: str) -> str:
    with pytest.raises(ValidationFailed) as caught:
        parse_source(text, "f.yaml")
    return "\n".join(str(p) for p in caught.value.problems)


def test_a_document_bigger_than_the_alias_limit_without_aliases_is_read():
    text = "items: [" + "1, " * (yaml_events.MAX_ALIAS_NODES + 10) + "]\n"
    assert len(parse_source(text, "f.yaml").data["items"]) == yaml_events.MAX_ALIAS_NODES + 10


def test_many_small_aliases_past_the_alias_limit_are_refused_naming_it(monkeypatch):
    monkeypatch.setattr(yaml_events, "MAX_ALIAS_NODES", 100)
    text = "base: &b {x: 1, y: 2}\nuses:\n" + "  - *b\n" * 40
    assert message_of(text) == "f.yaml:3:3: document expands to more than 100 nodes (aliases nested too deeply?)"


def test_a_file_with_more_nodes_than_the_overall_limit_names_that_limit(monkeypatch):
    monkeypatch.setattr(yaml_events, "MAX_NODES", 1_000)
    text = "items:\n" + "  - {a: 1}\n" * 400
    assert message_of(text) == (
        "f.yaml:334:6: document is too big: more than 1,000 nodes (keys, values and list items; the limit for one file)"
    )


def test_aliases_cannot_nest_past_the_depth_limit():
    deep = "[" * 40 + "]" * 40
    assert message_of(f"a: &a {deep}\nb: {'[' * 30}*a{']' * 30}\n") == (
        "f.yaml:2:34: nesting is too deep (limit 64 levels)"
    )


def test_an_alias_to_no_anchor_is_named():
    assert message_of("a: 1\nb: *nowhere\n") == "f.yaml:2:4: alias '*nowhere' names no anchor defined before it"


def test_an_anchor_defined_twice_is_named():
    assert message_of("a: &x 1\nb: &x 2\n") == "f.yaml:2:4: anchor '&x' is defined twice (first on line 1); rename one"


def test_unknown_tags_on_keys_are_refused():
    assert message_of("!!python/name:os.system key: 1\n") == (
        "f.yaml:1:1: unsupported YAML tag '!!python/name:os.system'"
    )


def test_a_tagged_number_that_is_not_one_is_located():
    assert message_of("a: !!int twelve\nb: !!float ''\n") == (
        "f.yaml:1:4: 'twelve' is not a valid !!int\nf.yaml:2:4: '' is not a valid !!float"
    )


def test_a_control_character_after_accented_text_is_located_at_its_column():
    assert (
        message_of("a: café\nb: x\x07y\n") == "f.yaml:2:5: control character #x0007 is not allowed in YAML; remove it"
    )


def test_every_duplicate_key_names_the_line_of_the_first():
    assert message_of("a: 1\nb: 2\nb: 3\na: 4\n") == (
        "f.yaml:3:1: duplicate key 'b' (first defined on line 2)\nf.yaml:4:1: duplicate key 'a' (first defined on line 1)"
    )


SAFE_LOADER_SCALARS = [
    "12", "-3", "+4", "0x1f", "017", "0b101", "1_000", "1.5", "-2.5e+3", "685.230_15e+03", ".inf", "-.Inf", ".5",
    "yes", "No", "TRUE", "off", "on", "y", "n", "~", "null", "Null", "", "=x", "text", "'12'", '"yes"', "! 12",
    "!!str 12", "!!float 3", "!!int '7'", "!!bool yes",
]  # fmt: skip


@pytest.mark.parametrize("scalar", SAFE_LOADER_SCALARS)
def test_scalars_read_as_safe_loader_reads_them(scalar):
    ours = parse_source(f"a: {scalar}\n", "f.yaml").data["a"]
    theirs = yaml.safe_load(f"a: {scalar}\n")["a"]
    assert (ours, type(ours)) == (theirs, type(theirs)) or (math.isnan(ours) and math.isnan(theirs))


@pytest.mark.parametrize("scalar", ["2026-03-14", "2026-03-14T08:00:00+01:00", "1:30", "190:20:30"])
def test_dates_and_sexagesimal_numbers_stay_text(scalar):
    assert parse_source(f"a: {scalar}\n", "f.yaml").data["a"] == scalar


def test_a_list_of_mappings_can_be_merged_and_the_first_wins():
    source = parse_source("a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc:\n  <<: [*a, *b]\n  z: 3\n", "f.yaml")
    assert source.data["c"] == {"z": 3, "x": 1, "y": 2}


def test_only_mappings_can_be_merged():
    assert message_of("a: &a {x: 1}\nb:\n  <<: [*a, 3]\n") == "f.yaml:3:12: '<<' merges only mappings"
