"""Attached files in the apps: text shown under its inject, any file saved on request.

An attachment arrives as a view carries it (`session.views.attachment_content`): `text` for
UTF-8 text, else `data` in base64. Saving writes into one folder under a name made from the
file's own name, so nothing a scenario writes (`../`, `/`, a leading dot) can put it elsewhere.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

DEFAULT_FOLDER = "tabletop-attachments"
"""Where files are saved unless the user chooses another folder (under the working folder)."""


def attachment_text(attachments: Sequence[Mapping[str, str]], files: Mapping[str, Any], save_hint: str) -> str:
    """What follows an inject's body: each text attachment in full, each other file by name and size."""
    parts = []
    for attachment in attachments:
        content = files.get(attachment["file"], {})
        heading = f"── {attachment['title']} ({attachment['file']})"
        if "text" in content:
            parts.append(f"{heading} ──\n{content['text']}")
        else:
            parts.append(f"{heading}, {content.get('size', 0)} bytes ── {save_hint}")
    return "\n\n".join(parts)


def safe_name(file: str) -> str:
    """A file name of the attachment's own name that stays in the folder it is written to."""
    name = re.sub(r"[^A-Za-z0-9._ -]", "_", PurePosixPath(file.replace("\\", "/")).name).strip(" .")
    return name or "attachment"


def save_attachments(folder: Path, attachments: Sequence[Mapping[str, str]], files: Mapping[str, Any]) -> list[Path]:
    """Write each attached file into `folder` (made if missing), never over an existing file."""
    folder.mkdir(parents=True, exist_ok=True)
    root = folder.resolve()
    saved = []
    for attachment in attachments:
        content = files.get(attachment["file"])
        if content is None:
            continue
        data = content["text"].encode("utf-8") if "text" in content else base64.b64decode(content["data"])
        target = _free_path(root, safe_name(attachment["file"]))
        if target.parent != root:
            raise ValueError(f"refusing to write {target} outside {root}")
        with target.open("xb") as out:
            out.write(data)
        saved.append(target)
    return saved


def _free_path(root: Path, name: str) -> Path:
    """`root/name`, or `root/stem-2.suffix` and so on when that exists."""
    target = root / name
    stem, suffix = target.stem, target.suffix
    n = 1
    while target.exists() or target.is_symlink():
        n += 1
        target = root / f"{stem}-{n}{suffix}"
    return target
