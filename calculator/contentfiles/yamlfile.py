"""Read one YAML file into plain data, remembering the line of every value.

We compose PyYAML's node tree (safe loading: no Python objects are ever
built) and walk it ourselves, so that we can refuse what a safe loader would
quietly accept but a staff member almost certainly did not mean: duplicate
keys (PyYAML keeps the last one), anchors and aliases (the "billion laughs"
bomb), and explicit tags such as ``!!python/object``. Dates stay as text
(``2024-01-01``), exactly as they will be in the exported JSON.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

MAX_BYTES = 1_000_000  # far above any real rules file; refuses runaway files early

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


@dataclass(frozen=True)
class FileProblem:
    file: Path
    line: int | None
    message: str
    excerpt: str = ""
    before: str | None = None  # the line above, quoted too where the mistake may be there

    def format(self, root: Path | None = None) -> str:
        """file:line: message, and the line. The file is named as it can be
        opened from the working directory: relative to it when inside it (run
        from the project: content/associations/...), else its full path (a
        --content folder elsewhere). ``root`` is kept for callers; naming the
        file relative to it gave content/... for any --content folder."""
        name = self.file
        with contextlib.suppress(OSError):  # no working directory: keep the name as given
            resolved = self.file.resolve()
            try:
                name = resolved.relative_to(Path.cwd().resolve())
            except ValueError:
                name = resolved
        where = f"{name}:{self.line}" if self.line else f"{name}"
        text = f"{where}: {self.message}"
        width = len(str(self.line or ""))
        if self.before is not None and self.line and self.line > 1:
            text += f"\n    {self.line - 1:>{width}} | {self.before}"
        if self.excerpt or self.before is not None:
            text += f"\n    {self.line} | {self.excerpt}"
        return text


class YamlFileError(Exception):
    def __init__(self, problem: FileProblem):
        self.problem = problem
        super().__init__(problem.format())


@dataclass
class YamlDocument:
    path: Path
    data: Any
    lines: list[str]
    marks: dict[tuple, int] = field(default_factory=dict)  # path -> 1-based line
    seen: set[int] = field(default_factory=set, repr=False)

    def line_of(self, path: tuple) -> int | None:
        """The line of the deepest part of ``path`` that exists in the file."""
        path = tuple(path)
        while path:
            if path in self.marks:
                return self.marks[path]
            path = path[:-1]
        return self.marks.get((), 1)

    def problem(self, path: tuple, message: str) -> FileProblem:
        line = self.line_of(path)
        excerpt = self.lines[line - 1].rstrip() if line and line <= len(self.lines) else ""
        return FileProblem(self.path, line, message, excerpt)


def _fail(path: Path, text: str | None, line: int | None, message: str,
          with_line_above: bool = False) -> YamlFileError:
    excerpt, before = "", None
    if text is not None and line:
        lines = text.splitlines()
        excerpt = lines[line - 1].rstrip() if line <= len(lines) else ""
        if with_line_above and 1 < line <= len(lines) + 1:
            before = lines[line - 2].rstrip()
    return YamlFileError(FileProblem(path, line, message, excerpt, before))


# PyYAML's parser words its problems for programmers ("expected <block end>,
# but found '<block mapping start>'"); staff get what to change. Each entry:
# a piece of PyYAML's problem, what to say, and whether the mistake can be on
# the line above the one PyYAML names (it notices some only on the next line).
_SYNTAX = (
    ("expected <block end>", "this line is indented differently from the lines of its "
     "level. Line it up (with spaces) with the keys it belongs with", True),
    ("mapping values are not allowed", "a ': ' in the middle of a value. Put the value in "
     "quotes (\"...\"), or check that this line is indented like the keys around it", True),
    ("could not find expected ':'", "a line that should read 'key: value' has no ': ' (a colon "
     "followed by a space)", True),
    ("did not find expected key", "this line is not lined up with the keys of its section", True),
    ("did not find expected '-' indicator", "a list item must start with '- ', lined up with "
     "the other items", True),
    ("expected ',' or '}'", "a '{...}' is not closed with '}', or a ',' is missing between "
     "its entries", True),
    ("expected ',' or ']'", "a '[...]' is not closed with ']', or a ',' is missing between "
     "its items", True),
    ("found unexpected end of stream", "a quote (\" or ') opened on this line is never "
     "closed", False),
)


# "reference:Booklet": a key glued to its value reads as one piece of text to
# YAML, which then stumbles on the next line with a misleading complaint.
# Keys of content files are lower_case; "mailto:", "https:" and prose such as
# "Note:this" in a folded text are not keys.
_GLUED_KEY = re.compile(r"^\s*(?:-\s+)?(?!(?:mailto|https?|tel|urn|ftp):)([a-z_][a-z0-9_]*):"
                        r"(?![\s/]|$)")


_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
# Inside {...}: "reference: Board: decision" (text with ': ' that is not quoted).
_COLON_IN_FLOW = re.compile(r"\{[^}]*\b(reference|label|note|message|name): "
                            r"[^\"',{}\[\]]*?: ")


def _unclosed(lines: list[str], line: int, opening: str, closing: str) -> int | None:
    """The nearest line at or above ``line`` that opens more brackets than it
    closes, and does not end with ',' (a value continued on the next line)."""
    for at in range(min(line, len(lines)), max(line - 20, 0), -1):
        text = _QUOTED.sub("", lines[at - 1].split(" #", 1)[0]).rstrip()
        if text.count(opening) > text.count(closing):
            return None if text.endswith(",") else at
    return None


def _syntax_message(what: str, context: str | None, lines: list[str],
                    line: int | None) -> tuple[str, int | None, bool]:
    """What to say, the line to name, and whether to quote the line above it."""
    for at in (line, line - 1) if line else ():
        glued = _GLUED_KEY.match(lines[at - 1]) if 0 < at <= len(lines) else None
        if glued:
            key = glued.group(1)
            return (f"YAML syntax error: a space is missing after '{key}:'. Write '{key}: ' "
                    "with a space before the value.", at, False)
    if "expected ',' or '}'" in what and line:
        # {reference: Board: fee table, values: ...}: the colon inside the
        # reference ends it early; the brace is closed, the text is not quoted.
        for at in (line, line - 1):
            text = lines[at - 1] if 0 < at <= len(lines) else ""
            found = _COLON_IN_FLOW.search(_QUOTED.sub('""', text))
            if found:
                key = found.group(1)
                return (f"YAML syntax error: the {key} has a ':' inside '{{...}}', where it "
                        f"ends the {key}. Put the {key} in quotes: {key}: \"...\".", at, False)
    for opening, closing in (("{", "}"), ("[", "]")):
        if f"expected ',' or '{closing}'" in what and line:
            at = _unclosed(lines, line, opening, closing)
            if at:
                return (f"YAML syntax error: this '{opening}' is not closed with "
                        f"'{closing}' on its line.", at, False)
    for piece, words, above in _SYNTAX:
        if piece in what or (context and piece in context):
            where = " The mistake is on this line or the one above." if above else ""
            return f"YAML syntax error: {words}.{where}", line, above
    return (f"YAML syntax error: {what}. Check the indentation and that text containing "
            "': ' or '#' is in quotes.", line, False)


def read_yaml(path: Path) -> YamlDocument:
    path = Path(path)
    if not path.exists():
        hint = (" (copy the matching file of another association as a start)"
                if path.parent.parent.name == "associations" else "")
        raise _fail(path, None, None, f"this file is missing. Create it{hint}; "
                                      "content/README.md describes what it holds.")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise _fail(path, None, None, f"this file is {size:,} bytes; content files must be "
                                      f"under {MAX_BYTES:,} bytes. Is it the right file?")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise _fail(path, None, line, "this file is not UTF-8 text. Save it as UTF-8 in your "
                                      "editor (the byte at fault is on this line).") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return parse_yaml(path, text)


class _AliasFound(Exception):
    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


class _Loader(yaml.SafeLoader):
    """Safe loader that stops at the first alias (*name), reporting the alias's
    own line: once composed, an alias is the very node of its anchor and only
    the anchor's position would be left."""

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.events.AliasEvent):
            raise _AliasFound(self.peek_event().start_mark.line + 1)
        return super().compose_node(parent, index)


# libyaml (bundled with PyYAML's wheels) parses about ten times faster than
# PyYAML's pure-Python parser; files are read with it first. Its messages are
# worded differently, and it cannot stop at an alias with the alias's line, so
# a file it refuses, or one with an alias, is parsed again by the Python
# parser, whose messages the broken-content fixtures pin down.
_FAST = getattr(yaml, "CSafeLoader", None)


def _compose_fast(text: str):
    # libyaml accepts tabs where PyYAML refuses them ("a:\t1"), and a tab is
    # the commonest slip of all: such files get PyYAML's verdict and message.
    # (It also accepts a few odd forms PyYAML refuses, such as "summary: >-#";
    # PyYAML's wheels always bundle libyaml, so a build never depends on which.)
    if _FAST is None or "\t" in text:
        return None
    try:
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=_FAST)):
            return None
        return yaml.compose(text, Loader=_FAST)
    except yaml.YAMLError:
        return None


def parse_yaml(path: Path, text: str) -> YamlDocument:
    if not text.strip() or all(
            not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        raise _fail(path, text, None, "this file is empty. It must hold the YAML described "
                                      "in content/README.md.")
    try:
        node = _compose_fast(text)
        if node is None:  # a problem: the pure-Python parser words it (and finds aliases)
            node = yaml.compose(text, Loader=_Loader)
    except _AliasFound as found:
        raise _fail(path, text, found.line, _ALIASES) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        if "end of stream" in (err.problem or "") and err.context_mark:
            mark = err.context_mark  # a quote never closed: where it opened
        line = mark.line + 1 if mark else None
        what = err.problem or "the YAML is malformed"
        if "'\\t'" in what:  # the commonest slip: an editor that indents with tabs
            raise _fail(path, text, line, "YAML syntax error: this line is indented with a "
                                          "tab. Indent with spaces, not tabs.") from None
        message, line, above = _syntax_message(what, err.context, text.splitlines(), line)
        raise _fail(path, text, line, message, with_line_above=above) from None
    except yaml.YAMLError as err:
        raise _fail(path, text, None, f"YAML error: {err}") from None
    doc = YamlDocument(path, None, text.splitlines())
    doc.data = _walk(node, (), doc, text)
    return doc


_constructor = yaml.constructor.SafeConstructor()
_ALIASES = "anchors and aliases (&name, *name) are not allowed. Write the value out in full."


def _walk(node: yaml.Node, at: tuple, doc: YamlDocument, text: str) -> Any:
    line = node.start_mark.line + 1
    doc.marks.setdefault(at, line)
    if node.tag not in _PLAIN_TAGS:
        raise _fail(doc.path, text, line, f"the tag {node.tag} is not allowed in content "
                                          "files. Remove it and write plain values.")
    # The composer hands back the very same node for every *alias of an &anchor,
    # so meeting a node twice means an alias: refused before any expansion.
    if id(node) in doc.seen:
        raise _fail(doc.path, text, line, _ALIASES)
    doc.seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _fail(doc.path, text, key_node.start_mark.line + 1,
                            "a key must be plain text.")
            key = key_node.value
            key_line = key_node.start_mark.line + 1
            if key == "<<":
                raise _fail(doc.path, text, key_line, "merge keys ('<<') are not allowed. "
                                                      "Write the keys out in full.")
            if key in out:
                first = doc.marks.get((*at, key))
                hint = (" Two values cannot take effect on the same date: keep one."
                        if _looks_like_date(key) else " Keep one of them.")
                raise _fail(doc.path, text, key_line,
                            f"the key '{key}' appears twice (first on line {first})." + hint)
            doc.marks[(*at, key)] = key_line
            out[key] = _walk(value_node, (*at, key), doc, text)
            doc.marks[(*at, key)] = key_line
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_walk(item, (*at, i), doc, text) for i, item in enumerate(node.value)]
    if node.tag == "tag:yaml.org,2002:timestamp":
        return node.value
    return _constructor.construct_object(node)


def _looks_like_date(key: str) -> bool:
    return len(key) == 10 and key[4] == "-" and key[7] == "-"
