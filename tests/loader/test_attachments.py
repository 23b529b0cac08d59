"""Attached files: read from beside the scenario, with limits, each problem at its line."""

from __future__ import annotations

import pytest

from tabletop.errors import ValidationFailed
from tabletop.loader import load_scenario
from tabletop.loader.attachments import MAX_BYTES
from tests.conftest import MINIMAL

ATTACHED = MINIMAL.replace(
    "    to: [csirt_cell]\n",
    "    to: [csirt_cell]\n    attachments:\n      - {file: logs/fw.txt, title: Firewall log}\n      - {file: logs/dump.bin}\n",
)


def problems(path):
    with pytest.raises(ValidationFailed) as caught:
        load_scenario(path)
    return [str(p).removeprefix(f"{path}:") for p in caught.value.problems]


def test_attachments_are_read_from_the_scenarios_folder(write_scenario):
    path = write_scenario(ATTACHED)
    (path.parent / "logs").mkdir()
    (path.parent / "logs" / "fw.txt").write_text("DENY 10.0.0.5 -> 203.0.113.9\n")
    (path.parent / "logs" / "dump.bin").write_bytes(b"\x00\x01\xff")
    loaded = load_scenario(path)
    assert loaded.attachments == {"logs/fw.txt": b"DENY 10.0.0.5 -> 203.0.113.9\n", "logs/dump.bin": b"\x00\x01\xff"}


def test_a_missing_attachment_suggests_a_file_with_a_close_name(write_scenario):
    path = write_scenario(ATTACHED)
    (path.parent / "logs").mkdir()
    (path.parent / "logs" / "fw.text").write_text("x")
    (path.parent / "logs" / "dump.bin").write_bytes(b"\x00")
    assert problems(path) == [
        f"34:16: attachment not found: logs/fw.txt (looked in {path.parent}) (did you mean 'fw.text'?)"
    ]


def test_a_link_that_leads_out_of_the_folder_is_refused(write_scenario, tmp_path):
    path = write_scenario(ATTACHED)
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("secret")
    (path.parent / "logs").mkdir()
    (path.parent / "logs" / "fw.txt").symlink_to(outside)
    (path.parent / "logs" / "dump.bin").write_bytes(b"\x00")
    assert problems(path) == [
        f"34:16: logs/fw.txt is a link to {outside}, outside the scenario's folder; copy the file into it"
    ]


def test_an_attachment_over_the_size_limit_is_refused(write_scenario):
    path = write_scenario(ATTACHED)
    (path.parent / "logs").mkdir()
    (path.parent / "logs" / "fw.txt").write_text("x")
    (path.parent / "logs" / "dump.bin").write_bytes(b"\x00" * (MAX_BYTES + 1))
    assert problems(path) == ["35:16: logs/dump.bin is 1.0 MB; an attachment is at most 1.0 MB"]
