"""`build.py format [--check]`: the rule files in the staff editor's own form.

The browser editor (Decap CMS) rewrites a whole file when it saves one value:
comments dropped, ``{...}`` maps turned into blocks, long text wrapped. A file
already in that form comes back byte for byte, so the saved commit changes the
edited value only, and a reviewer sees just that. ``format`` writes
``association.yaml``, ``categories.yaml``, ``fees.yaml`` and ``renewal.yaml``
of every association in that form (sitegen/format_yaml.mjs, the editor's own
YAML library and steps); ``--check`` only names the files that are not.

Nothing is lost silently: the result is read back with the content reader and
must hold exactly the same data (else the file is left alone and named), and
every comment a file loses is printed with its file and line (notes for staff
belong in ``staff_notes`` of association.yaml, the schema association in
``.vscode/settings.json``). Re-run it after merging edits made outside the
editor; it changes nothing on files already in form.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from calculator.contentfiles.repository import association_slugs
from calculator.contentfiles.yamlfile import YamlFileError, read_yaml

from ..paths import PROJECT
from .admin import EDITED, field_order

SCRIPT = Path(__file__).resolve().parent / "format_yaml.mjs"
MODELINE = "# yaml-language-server:"


class FormatError(Exception):
    """The formatter could not run (node or the pinned yaml package missing)."""


@dataclass
class Report:
    changed: list[Path] = field(default_factory=list)  # not in form (written unless --check)
    refused: list[str] = field(default_factory=list)  # file: why it was left alone
    dropped: list[str] = field(default_factory=list)  # file:line: a comment the form drops


def files(content: Path) -> list[tuple[Path, str]]:
    return [(content / "associations" / slug / f"{kind}.yaml", kind)
            for slug in association_slugs(content) for kind in EDITED
            if (content / "associations" / slug / f"{kind}.yaml").exists()]


def formatted(paths: list[tuple[Path, str]]) -> dict[str, str | dict]:
    jobs = [{"path": str(path), "order": field_order(kind)} for path, kind in paths]
    try:
        done = subprocess.run(["node", str(SCRIPT)], input=json.dumps(jobs), text=True,
                              capture_output=True, cwd=PROJECT, check=False, timeout=120)
    except (OSError, subprocess.SubprocessError) as err:
        raise FormatError(f"could not run node: {err}") from None
    if done.returncode != 0:
        raise FormatError(f"sitegen/format_yaml.mjs failed (run ./dev setup for the pinned "
                          f"'yaml' package): {done.stderr.strip().splitlines()[-1:]}")
    return json.loads(done.stdout)


def _comments(text: str) -> list[tuple[int, str]]:
    """Comment lines and trailing comments (a rough reading: '#' after a space
    outside quotes), the schema line excepted."""
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith(MODELINE):
            continue
        if stripped.startswith("#"):
            out.append((number, stripped))
            continue
        quote = None
        for index, char in enumerate(line):
            if char in "\"'" and quote in (None, char):
                quote = None if quote else char
            elif char == "#" and quote is None and index and line[index - 1] in " \t":
                out.append((number, line[index:].strip()))
                break
    return out


def run(content: Path, check_only: bool = False) -> Report:
    report = Report()
    paths = files(content)
    results = formatted(paths)
    for path, _ in paths:
        new = results.get(str(path))
        old = path.read_text(encoding="utf-8")
        if isinstance(new, dict):
            report.refused.append(f"{path}: the editor's YAML library cannot read it: "
                                  f"{new.get('error', '')}. Run build.py check.")
            continue
        if new == old:
            continue
        try:
            before = read_yaml(path).data
        except YamlFileError as err:
            report.refused.append(f"{path}: {err.problem.message} Run build.py check.")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / path.name
            copy.write_text(new, encoding="utf-8")
            try:
                after = read_yaml(copy).data
            except YamlFileError as err:
                after = err
        if after != before:
            report.refused.append(f"{path}: in the editor's form it would read differently "
                                  "(a value YAML reads two ways, such as yes/no or a time); "
                                  "left as it is. Put the value in quotes.")
            continue
        report.changed.append(path)
        report.dropped += [f"{path}:{n}: {c}" for n, c in _comments(old)]
        if not check_only:
            path.write_text(new, encoding="utf-8")
    return report
