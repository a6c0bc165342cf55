"""The staff editor at ``/admin/``: Decap CMS, self-hosted, with forms generated
from the rules model.

``build.py editor`` writes ``build/admin/`` (Decap's pinned files from
node_modules, ``index.html``, the dated-value widget and ``config.yml``) and
serves it on 127.0.0.1 beside ``decap-server``, Decap's local backend, which
commits to the git repository. The editor is never part of the published
site.

``config.yml`` is generated, never written by hand: every form field comes
from the JSON Schemas that ``calculator/spec.py`` derives from the model's
declarations (sitegen/schemas.py), with the same help text (a field's
``description``). A dated value (``{reference, values: {date: value}}``) is
edited by the ``dated`` widget (sitegen/static/admin/dated-widget.js) as rows
of date, value and reference.

Decap cannot edit a map whose keys are data (fees per category id, names per
age variant): such a map becomes one group of fields per key the file already
has. Unions (a fee line's ``categories``: a list or ``all``) take the branch of
the value the file holds. Only keys present in a file get fields, so opening
and saving a file never adds an empty key to it.

Publishing goes through review (``publish_mode: editorial_workflow``): a save
is a commit on a branch ``cms/<association>/<file>``, never on ``main``.
"""

from __future__ import annotations

import contextlib
import json
import shutil
from pathlib import Path
from typing import Any

import yaml

from calculator.contentfiles.repository import association_slugs

from ..paths import PROJECT
from .schemas import generate as generate_schemas

DECAP = PROJECT / "node_modules" / "decap-cms" / "dist"
STATIC = Path(__file__).resolve().parent / "static" / "admin"
EDITED = ("association", "categories", "fees", "renewal")  # the files the editor opens
LABELS = {"association": "Who you are", "categories": "Categories and requirements",
          "fees": "Fees", "renewal": "Renewal"}


def _schemas() -> dict[str, dict]:
    return {name.removesuffix(".schema.json"): json.loads(text)
            for name, text in generate_schemas().items()}


def _resolve(schema: dict, defs: dict) -> dict:
    while "$ref" in schema:
        ref = schema["$ref"].rsplit("/", 1)[1]
        schema = {**defs[ref], **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def _words(key: str) -> str:
    text = str(key).replace("_", " ")
    return text[:1].upper() + text[1:]


def is_dated(schema: dict) -> bool:
    values = schema.get("properties", {}).get("values", {})
    return schema.get("type") == "object" and "propertyNames" in values


def _branch(schema: dict, defs: dict, value: Any) -> dict:
    """The branch of a union that fits the value the file holds."""
    options = [_resolve(o, defs) for o in schema["anyOf"]]
    for option in options:
        kind = option.get("type")
        if ("enum" in option and value in option["enum"]) or (
                kind == "array" and isinstance(value, list)) or (
                kind == "object" and isinstance(value, dict)) or (
                kind == "string" and isinstance(value, str) and "enum" not in option) or (
                kind in ("number", "integer") and isinstance(value, int | float)
                and not isinstance(value, bool)) or (
                kind == "boolean" and isinstance(value, bool)):
            return {**option, "description": schema.get("description", "")}
    return {**options[0], "description": schema.get("description", "")}


def _value_kind(schema: dict, defs: dict) -> str:
    value = _resolve(schema["properties"]["values"]["additionalProperties"]["anyOf"][0], defs)
    if "anyOf" in value:
        value = _resolve(value["anyOf"][0], defs)
    return {"number": "number", "integer": "number", "boolean": "boolean",
            "string": "text"}.get(value.get("type", ""), "table")


def field(name: str, schema: dict, defs: dict, value: Any, required: bool,
          names: dict[str, str] | None = None, keyed: bool = False) -> dict:
    """The Decap field of one key, from its JSON Schema and the file's value;
    ``names`` labels the keys of maps keyed by data (a category id by its name)."""
    names = names or {}
    schema = _resolve(schema, defs)
    if "anyOf" in schema:
        schema = _branch(schema, defs, value)
    label = names.get(str(name), _words(name)) if keyed else _words(name)
    out: dict[str, Any] = {"name": str(name), "label": label, "required": required}
    if schema.get("description"):
        out["hint"] = schema["description"]
    if is_dated(schema):
        return {**out, "widget": "dated", "value_kind": _value_kind(schema, defs)}
    kind = schema.get("type")
    if "enum" in schema:
        return {**out, "widget": "select", "options": schema["enum"]}
    if kind == "boolean":
        return {**out, "widget": "boolean"}
    if kind in ("number", "integer"):
        return {**out, "widget": "number",
                "value_type": "int" if kind == "integer" else "float",
                **({"min": schema["minimum"]} if "minimum" in schema else {})}
    if kind == "string":
        long = isinstance(value, str) and (len(value) > 70 or "\n" in value)
        extra = {"pattern": [schema["pattern"], f"must match {schema['pattern']}"]} \
            if "pattern" in schema and "{" not in schema["pattern"] else {}
        return {**out, "widget": "text" if long else "string", **extra}
    if kind == "array":
        items = _resolve(schema.get("items", {}), defs)
        if "anyOf" in items:
            items = _branch(items, defs, next(iter(value or []), None))
        if items.get("type") == "object" and "properties" in items:
            present = [k for k in items["properties"]
                       if any(isinstance(v, dict) and k in v for v in value or [])]
            fields = [field(k, items["properties"][k], defs,
                            next((v[k] for v in value or [] if isinstance(v, dict) and k in v),
                                 None), False, names) for k in present]
            summary = next((f"{{{{fields.{k}}}}}" for k in ("name", "label", "id", "topic",
                                                           "years", "code") if k in present),
                           None)
            return {**out, "widget": "list", "fields": fields,
                    **({"summary": summary} if summary else {})}
        if items.get("type") == "object":  # a list of tables: not editable as a form
            return {**out, "widget": "hidden"}
        return {**out, "widget": "list", "field": {**field("item", items, defs,
                                                            next(iter(value or []), None),
                                                            True), "label": "Item"}}
    if kind == "object":
        props = schema.get("properties")
        data = value if isinstance(value, dict) else {}
        if props is None:  # a map keyed by data: one group per key the file has
            inner = schema.get("additionalProperties", {})
            fields = [field(k, inner, defs, v, True, names, keyed=True)
                      for k, v in data.items()]
        else:
            required_keys = set(schema.get("required", []))
            fields = [field(k, props[k], defs, data[k], k in required_keys, names)
                      for k in props if k in data]
        return {**out, "widget": "object", "collapsed": False, "fields": fields}
    return {**out, "widget": "hidden"}


def file_fields(kind: str, data: dict, schemas: dict[str, dict],
                names: dict[str, str] | None = None) -> list[dict]:
    schema = schemas[kind]
    defs = schema["definitions"]
    top = _resolve(schema, defs)
    required = set(top.get("required", []))
    return [field(k, top["properties"][k], defs, data[k], k in required, names)
            for k in top["properties"] if k in data]


def _names(folder: Path) -> dict[str, str]:
    """Category ids, add-on codes and age variants by the names staff know them by."""
    out: dict[str, str] = {}
    with contextlib.suppress(OSError, yaml.YAMLError, AttributeError, TypeError):
        cats = yaml.safe_load((folder / "categories.yaml").read_text(encoding="utf-8")) or {}
        out.update({c["id"]: c.get("name", c["id"]) for c in cats.get("categories") or []})
        out.update({a["code"]: f"{a.get('name', a['code'])} ({a['code']})"
                    for a in cats.get("add_ons") or []})
        meta = yaml.safe_load((folder / "association.yaml").read_text(encoding="utf-8")) or {}
        out.update({v["id"]: v.get("label", v["id"]) for v in meta.get("variants") or []})
    return out


def config(content: Path, repo: Path, backend_url: str, branch: str = "main") -> dict:
    """Decap's configuration for every association under ``content``; paths
    relative to the git repository ``repo`` (what decap-server serves)."""
    schemas = _schemas()
    collections = []
    for slug in association_slugs(content):
        folder = content / "associations" / slug
        meta = yaml.safe_load((folder / "association.yaml").read_text(encoding="utf-8")) or {}
        files = []
        for kind in EDITED:
            path = folder / f"{kind}.yaml"
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            files.append({"name": kind, "label": LABELS[kind],
                          "file": path.resolve().relative_to(repo.resolve()).as_posix(),
                          "fields": file_fields(kind, data, schemas, _names(folder))})
        draft = " (draft)" if meta.get("draft") else ""
        collections.append({"name": slug, "label": f"{meta.get('name', slug)}{draft}",
                            "description": f"content/associations/{slug}/", "files": files,
                            "format": "yaml", "extension": "yaml", "editor": {"preview": False}})
    return {
        "backend": {"name": "git-gateway", "branch": branch,
                    "commit_messages": {
                        "update": "Edit {{collection}} {{slug}} in the browser editor",
                        "create": "Create {{collection}} {{slug}} in the browser editor"}},
        "local_backend": {"url": backend_url, "allowed_hosts": ["127.0.0.1", "localhost"]},
        "publish_mode": "editorial_workflow",
        "media_folder": "content/media",
        "site_url": "/",
        "collections": collections,
    }


def field_order(kind: str) -> list[str]:
    """The top-level keys of a file in the order of its form: the order Decap
    writes them in (sitegen/format_yaml.mjs writes them the same)."""
    schema = _schemas()[kind]
    return list(_resolve(schema, schema["definitions"])["properties"])


def write(target: Path, content: Path, repo: Path, backend_url: str,
          branch: str = "main") -> Path:
    """``target``: the editor's folder, served as /admin/."""
    if not (DECAP / "decap-cms.js").exists():
        raise FileNotFoundError(f"{DECAP} is missing: run ./dev setup (npm ci)")
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for item in DECAP.iterdir():
        if (item.suffix in (".js", ".wasm", ".css") and "decap-cms" in item.name) \
                or item.suffix == ".wasm":
            shutil.copy2(item, target / item.name)
    for item in STATIC.iterdir():
        shutil.copy2(item, target / item.name)
    (target / "config.yml").write_text(
        yaml.safe_dump(config(content, repo, backend_url, branch), sort_keys=False,
                       allow_unicode=True, width=100), encoding="utf-8")
    return target
