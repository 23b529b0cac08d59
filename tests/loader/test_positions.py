"""Positions: every value found where it was written, through aliases, merges and long lists."""

from __future__ import annotations

from tabletop.loader.yaml_source import parse_source

ANCHORED = """\
base: &base
  channel: email
  to: [csirt_cell]
first:
  <<: *base
  title: One
second: *base
"""


def test_an_alias_is_located_where_it_is_used_and_its_contents_where_they_were_written():
    source = parse_source(ANCHORED, "f.yaml")
    assert source.locate(("second",)) == (7, 9)
    assert source.locate(("second", "to", 0)) == (3, 8)


def test_merged_keys_are_located_where_they_were_written():
    source = parse_source(ANCHORED, "f.yaml")
    assert source.locate(("first", "title")) == (6, 10)
    assert source.locate(("first", "channel")) == (2, 12)
    assert source.locate(("first", "channel"), key=True) == (2, 3)


def test_a_missing_location_points_at_its_nearest_parent_key():
    source = parse_source("a:\n  b: {c: 1}\n", "f.yaml")
    assert source.locate(("a", "b", "nope")) == (2, 3)
    assert source.locate(("a", "b", 7, "x")) == (2, 3)


def test_every_item_of_a_long_list_is_located():
    lines = [f"  - {{id: item_{i}, nested: [{i}]}}" for i in range(5_000)]
    source = parse_source("items:\n" + "\n".join(lines), "f.yaml")
    located = [source.locate(("items", i, "nested", 0)) for i in range(5_000)]
    assert located == [(i + 2, line.index("[") + 2) for i, line in enumerate(lines)]


def test_plain_and_quoted_values_are_told_apart():
    source = parse_source("a: plain\nb: 'quoted'\nc: [x]\n", "f.yaml")
    assert ("a",) in source.plain_scalars
    assert ("b",) not in source.plain_scalars
    assert ("c",) not in source.plain_scalars
