"""The engine is pure: importing it pulls in no I/O layer and no UI."""

from __future__ import annotations

import subprocess
import sys


def test_engine_imports_neither_textual_nor_sqlite3():
    code = (
        "import sys; import tabletop.engine, tabletop.engine.core; "
        "bad = [m for m in ('textual', 'sqlite3', 'yaml', 'rich') if m in sys.modules]; "
        "assert not bad, bad"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
