"""Join strings: parsing, and the owner-only file they are saved in beside the session."""

from __future__ import annotations

import os
import stat

import pytest

from tabletop.errors import TabletopError
from tabletop.net.join import save_join_strings

JOINS = [("csirt_cell", "tabletop://127.0.0.1:8765/csirt_cell?key=k&pin=p")]


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_join_strings_are_saved_readable_by_their_owner_only(tmp_path):
    path = tmp_path / "live.join.txt"
    save_join_strings(path, JOINS)
    assert path.read_text(encoding="utf-8") == "csirt_cell\ttabletop://127.0.0.1:8765/csirt_cell?key=k&pin=p\n"
    assert mode(path) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["live.join.txt"]  # no temporary file left behind


def test_a_join_file_readable_by_others_is_replaced_by_an_owner_only_one(tmp_path):
    path = tmp_path / "live.join.txt"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o644)
    save_join_strings(path, JOINS)
    assert mode(path) == 0o600 and path.read_text(encoding="utf-8").startswith("csirt_cell\t")


def test_a_symlinked_join_file_is_refused_and_its_target_left_alone(tmp_path):
    target = tmp_path / "precious.txt"
    target.write_text("do not overwrite\n", encoding="utf-8")
    target.chmod(0o644)
    link = tmp_path / "live.join.txt"
    link.symlink_to(target)
    with pytest.raises(TabletopError, match="is a symbolic link; it was left alone"):
        save_join_strings(link, JOINS)
    assert target.read_text(encoding="utf-8") == "do not overwrite\n" and mode(target) == 0o644
    assert link.is_symlink() and sorted(p.name for p in tmp_path.iterdir()) == ["live.join.txt", "precious.txt"]


def test_a_join_file_that_is_not_a_regular_file_is_refused(tmp_path):
    folder = tmp_path / "live.join.txt"
    folder.mkdir()
    with pytest.raises(TabletopError, match="is not a regular file"):
        save_join_strings(folder, JOINS)
    assert folder.is_dir() and list(folder.iterdir()) == []
