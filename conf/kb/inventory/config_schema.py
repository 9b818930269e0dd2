"""Turn the pydantic models of DiracX's configuration into a JSON Schema of its keys, with ``ast``.

The models are the classes of ``diracx/core/config/schema.py`` (diracx-core) that derive from
its ``BaseModel``; ``Config`` is the root. Nothing is imported. For each model:

* every annotated field is a key, under its ``Field(alias=...)`` and, since the models set
  ``populate_by_name=True``, under its Python name as well;
* a field whose type is another model is that model's schema; ``MutableMapping[str, Model]``
  is a section whose sub-sections (VOs, users, groups) each follow the model; any other type
  (``str``, ``list[str]``, ``Any``, a mapping of ``Any``) accepts any value: only keys are
  described, not value types;
* a model whose ``model_config`` says ``extra="ignore"`` accepts other keys too; the base model
  forbids them.

Required fields are not recorded: documentation shows parts of a configuration, not all of it.
"""

from __future__ import annotations

import ast

from kb.problems import InventoryError

from . import syntax
from .wheel import Wheel

SCHEMA_MODULE = "diracx/core/config/schema.py"
ROOT_MODEL = "Config"
MAPPINGS = {"MutableMapping", "Mapping", "dict"}


def models(tree: ast.Module) -> dict[str, ast.ClassDef]:
    """Every class that derives, directly or not, from the module's ``BaseModel``."""
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}

    def is_model(name: str) -> bool:
        if name == "BaseModel":
            return True
        node = classes.get(name)
        return node is not None and any(is_model(syntax.name(base)) for base in node.bases)

    return {name: node for name, node in classes.items() if name != "BaseModel" and is_model(name)}


def allows_extra(node: ast.ClassDef) -> bool:
    for statement in node.body:
        if isinstance(statement, ast.Assign) and any(
            syntax.name(t) == "model_config" for t in statement.targets
        ):
            extra = syntax.keyword(statement.value, "extra")
            if extra is not None:
                return extra != "forbid"
    return False


def fields(node: ast.ClassDef) -> list[tuple[str, str | None, ast.expr]]:
    """(python name, alias, annotation) of each field, in order."""
    found = []
    for statement in node.body:
        if not (isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)):
            continue
        name, annotation = statement.target.id, statement.annotation
        outer = annotation.value if isinstance(annotation, ast.Subscript) else annotation
        if name.startswith("_") or syntax.name(outer) == "ClassVar":
            continue
        is_field = syntax.called(statement.value) == "Field"
        alias = syntax.keyword(statement.value, "alias") if is_field else None
        found.append((name, alias, annotation))
    return found


def type_schema(annotation: ast.expr, known: dict[str, ast.ClassDef]) -> dict:
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        parts = [p for p in (annotation.left, annotation.right) if syntax.name(p) != "None"]
        return type_schema(parts[0], known) if len(parts) == 1 else {}
    name = syntax.name(annotation)
    if name in known:
        return {"$ref": f"#/$defs/{name}"}
    if isinstance(annotation, ast.Subscript) and syntax.name(annotation.value) in MAPPINGS:
        value = annotation.slice.elts[1] if isinstance(annotation.slice, ast.Tuple) else None
        if syntax.name(value) in known:
            return {"type": "object", "additionalProperties": type_schema(value, known)}
    return {}


def model_schema(node: ast.ClassDef, known: dict[str, ast.ClassDef]) -> dict:
    properties = {
        key: type_schema(annotation, known)
        for name, alias, annotation in fields(node)
        for key in (alias, name)
        if key
    }
    result = {
        "title": node.name,
        "description": " ".join((ast.get_docstring(node) or "").split()),
        "type": "object",
        "properties": properties,
        # the names a configuration file uses; the Python names are accepted as well
        "x-keys": [alias or name for name, alias, _ in fields(node)],
    }
    if not allows_extra(node):
        result["additionalProperties"] = False
    return result


def config_schema(wheel: Wheel) -> dict:
    """The JSON Schema of the configuration keys of a diracx-core wheel."""
    if SCHEMA_MODULE not in wheel.names():
        raise InventoryError(f"{wheel.path}: {SCHEMA_MODULE} is missing; is this diracx-core?")
    tree = ast.parse(wheel.read_text(SCHEMA_MODULE), filename=SCHEMA_MODULE)
    known = models(tree)
    if ROOT_MODEL not in known:
        raise InventoryError(f"{wheel.path}: {SCHEMA_MODULE} has no model {ROOT_MODEL!r}")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": f"#/$defs/{ROOT_MODEL}",
        "$defs": {name: model_schema(node, known) for name, node in sorted(known.items())},
    }
