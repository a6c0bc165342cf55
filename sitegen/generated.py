"""Files the build generates into the repository (schemas, deploy headers).

They are committed so that editors and hosts find them, and written only
when their text changed, so a build leaves the working tree clean.
"""

from __future__ import annotations

from pathlib import Path


def write_changed(folder: Path, texts: dict[str, str]) -> list[Path]:
    """Write each file whose text differs; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in texts.items():
        target = folder / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            written.append(target)
    return written
