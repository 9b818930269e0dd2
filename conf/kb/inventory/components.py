"""The server components of a DIRAC wheel and the configuration options each of them reads.

A component is an agent, service, executor or database of a system; its configuration section
is ``/Systems/<System>/<Category>/<Name>``, where the category is ``Agents``, ``Services``,
``Executors`` or ``Databases``. Its options come from three places, all read as text:

* the system's ``ConfigTemplate.cfg`` (read with diraccfg): option, default, the comment above;
* its code: every accessor call (``am_getOption``, ``srv_getCSOption``, ...) with a literal
  name, in its module and in the DIRAC classes it derives from; a name the code builds at run
  time makes the component *open*, and the places are recorded;
* the base classes of its kind (``AgentModule``, ``RequestHandler``, ...): the options that
  every component of the kind accepts, recorded once per kind.

A name ``Sub/Option`` read by the code, or a section of the template, is a sub-section.
"""

from __future__ import annotations

import ast
import re

from diraccfg import CFG

from kb.problems import InventoryError

from . import syntax
from .sources import Module, SourceIndex

# Folder of a system's code -> the CS category its components live in.
CATEGORIES = {"Agent": "Agents", "Service": "Services", "Executor": "Executors", "DB": "Databases"}
_CODE_FILE = re.compile(r"DIRAC/(\w+)System/(Agent|Service|Executor|DB)/(\w+)\.py")
_TEMPLATE = re.compile(r"DIRAC/(\w+)System/ConfigTemplate\.cfg")

# Methods that read (or set the default of) an option of the calling component, and the
# position of the option name among their arguments.
ACCESSORS = {
    "am_getOption": 0,
    "am_setOption": 0,
    "srv_getCSOption": 0,
    "getCSOption": 0,
    "ex_getOption": 0,
    "ex_setOption": 0,
    "getServiceOption": 1,
}
# gConfig reads that name a section rather than an option.
SECTION_READERS = {"getSections", "getOptions", "getOptionsDict", "AuthManager"}
PATH_READERS = {"getValue", "getOption", *SECTION_READERS}

# The DIRAC code every component of a kind runs: its options apply to all components of the
# kind. "module:function" limits the reading to that function of the module.
_LOADER = "DIRAC.Core.Base.private.ModuleLoader"
_LOGGING = "DIRAC.FrameworkSystem.private.standardLogging.LoggingRoot"
KIND_CODE = {
    "Agents": ("DIRAC.Core.Base.AgentModule", "DIRAC.Core.Base.AgentReactor", _LOADER, _LOGGING),
    "Services": (
        "DIRAC.Core.DISET.RequestHandler",
        "DIRAC.Core.DISET.private.Service",
        "DIRAC.Core.DISET.private.ServiceConfiguration",
        "DIRAC.Core.DISET.ServiceReactor",
        "DIRAC.Core.Tornado.Server.private.BaseRequestHandler",
        "DIRAC.Core.Tornado.Server.TornadoService",
        _LOADER,
        _LOGGING,
    ),
    "Executors": (
        "DIRAC.Core.Base.ExecutorModule",
        "DIRAC.Core.Base.ExecutorReactor",
        _LOADER,
        _LOGGING,
    ),
    "Databases": (
        "DIRAC.Core.Base.DB",
        "DIRAC.Core.Base.DIRACDB",
        "DIRAC.Core.Base.ElasticDB",
        "DIRAC.Core.Base.SQLAlchemyDB",
        "DIRAC.ConfigurationSystem.Client.Utilities:getDBParameters",
        "DIRAC.ConfigurationSystem.Client.Utilities:getElasticDBParameters",
    ),
}
KIND_MODULES = {spec.split(":")[0] for specs in KIND_CODE.values() for spec in specs}


class Reads:
    """What some code reads: options with a default, sub-sections, and unresolved names."""

    def __init__(self):
        self.options: dict[str, str | None] = {}
        self.sections: set[str] = set()
        self.open: set[str] = set()

    def option(self, name: str, default: str | None) -> None:
        if self.options.get(name) is None:
            self.options[name] = default

    def merge(self, other: Reads) -> None:
        for name, default in other.options.items():
            self.option(name, default)
        self.sections |= other.sections
        self.open |= other.open


def components(index: SourceIndex) -> dict:
    """``{system: {category: {name: entry}}}`` for every component of the wheel."""
    found: dict[str, dict[str, dict[str, dict]]] = {}
    for system, category, name, template in _template_components(index):
        entry = found.setdefault(system, {}).setdefault(category, {}).setdefault(name, {})
        entry["template"] = template
    for member in index.wheel.names():
        match = _CODE_FILE.fullmatch(member)
        if not match:
            continue
        system, folder, stem = match.groups()
        module = index.module(member[: -len(".py")].replace("/", "."))
        name = _component_name(folder, stem, module) if module else None
        if name is None:
            continue
        entry = found.setdefault(system, {}).setdefault(CATEGORIES[folder], {})
        entry.setdefault(name, {})["code"] = code_reads(index, module)
    return {
        system: {
            category: {name: _entry(parts) for name, parts in sorted(names.items())}
            for category, names in sorted(categories.items())
        }
        for system, categories in sorted(found.items())
    }


def _component_name(folder: str, stem: str, module: Module) -> str | None:
    """Services are ``<Name>Handler`` modules; agents, executors and databases (``<Name>DB``)
    define a class named like their file."""
    if folder == "Service":
        return stem.removesuffix("Handler") if stem.endswith("Handler") else None
    defined = stem in module.definitions and (folder != "DB" or stem.endswith("DB"))
    return stem if defined else None


def _entry(parts: dict) -> dict:
    """Template and code merged: options as {name: [default, comment]}, sorted."""
    template = parts.get("template") or {"options": {}, "sections": set()}
    code = parts.get("code") or Reads()
    options = dict(template["options"])
    for name, default in code.options.items():
        if name not in options:
            options[name] = [default, ""]
        elif options[name][0] in (None, "") and default is not None:
            options[name] = [default, options[name][1]]
    entry: dict = {"options": dict(sorted(options.items()))}
    sections = sorted(template["sections"] | code.sections)
    if sections:
        entry["sections"] = sections
    if code.open:
        entry["open"] = sorted(code.open)
    return entry


def _template_components(index: SourceIndex):
    for member in index.wheel.names():
        match = _TEMPLATE.fullmatch(member)
        if not match:
            continue
        try:
            template = CFG().loadFromBuffer(index.wheel.read_text(member))
        except (ValueError, KeyError) as error:
            raise InventoryError(
                f"{index.wheel.path}!{member}: diraccfg cannot read this template ({error}); "
                "its components' options cannot be recorded"
            ) from None
        for category in CATEGORIES.values():
            if not template.isSection(category):
                continue
            for name in template[category].listSections():
                cfg = template[category][name]
                options = {o: [cfg[o], comment_line(cfg.getComment(o))] for o in cfg.listOptions()}
                entry = {"options": options, "sections": set(cfg.listSections())}
                yield match[1], category, name, entry


def comment_line(comment: str) -> str:
    """The comment above an option as one line, without the template's ##BEGIN/##END marks."""
    lines = [line.strip().lstrip("#").strip() for line in comment.splitlines()]
    return " ".join(line for line in lines if line and not line.startswith(("BEGIN", "END")))


def code_reads(index: SourceIndex, module: Module) -> Reads:
    """The options that a component's module, and the DIRAC classes it derives from, read."""
    reads = accessor_reads(module.tree, module)
    seen = set()
    pending = [(module, node) for node in module.tree.body if isinstance(node, ast.ClassDef)]
    while pending:
        for base_module, base_class in _dirac_bases(index, *pending.pop()):
            if base_module.name in KIND_MODULES or (base_module.name, base_class.name) in seen:
                continue
            seen.add((base_module.name, base_class.name))
            reads.merge(accessor_reads(base_class, base_module))
            pending.append((base_module, base_class))
    return reads


def _dirac_bases(index: SourceIndex, module: Module, cls: ast.ClassDef):
    """(module, class node) of each base class of ``cls`` that DIRAC defines."""
    for base in cls.bases:
        name = base.id if isinstance(base, ast.Name) else None
        source, attribute = module.imports.get(name, ("", None))
        if name in module.definitions:
            owner, node = module, module.definitions[name]
        elif source.startswith("DIRAC.") and attribute and (owner := index.module(source)):
            node = owner.definitions.get(attribute)
        else:
            continue
        if isinstance(node, ast.ClassDef):
            yield owner, node


def accessor_reads(tree: ast.AST, module: Module) -> Reads:
    """Options read through the accessors in ``tree``; unresolvable names make it open."""
    reads = Reads()
    for node in ast.walk(tree):
        position = ACCESSORS.get(syntax.called(node))
        if position is None or len(node.args) <= position:
            continue
        argument = node.args[position]
        name = module.constant(argument)
        if name is None:
            prefix = _section_prefix(argument)
            if prefix:
                reads.sections.add(prefix)
            else:
                reads.open.add(f"{module.name.replace('.', '/')}.py:{node.lineno}")
            continue
        if name.startswith("/"):
            continue  # an absolute path, outside the component's section
        if "/" in name:
            reads.sections.add(name.split("/")[0])
            continue
        default = node.args[position + 1] if len(node.args) > position + 1 else None
        reads.option(name, _default_text(default))
    return reads


def open_components(record: dict) -> list[str]:
    """``System/Category/Name`` of every open component of an inventory record."""
    return [
        f"{system}/{category}/{name}"
        for system, categories in record["components"].items()
        for category, names in categories.items()
        for name, entry in names.items()
        if entry.get("open")
    ]


def kind_options(index: SourceIndex) -> dict:
    """``{category: {"options": {name: [default, ""]}, "sections": [...]}}`` from the base code."""
    result = {}
    for category, specs in KIND_CODE.items():
        reads = Reads()
        for spec in specs:
            dotted, _, function = spec.partition(":")
            module = index.module(dotted)
            tree = module and (module.definitions.get(function) if function else module.tree)
            if tree is not None:
                reads.merge(_base_reads(tree, module))
        result[category] = {
            "options": {name: [default, ""] for name, default in sorted(reads.options.items())},
            "sections": sorted(reads.sections - set(reads.options)),
        }
    return result


def _base_reads(tree: ast.AST, module: Module) -> Reads:
    """In base code: the accessors with literal names, ``self.getOption("X")``, and paths built
    as ``f"{section}/X"``, ``"%s/X" % section`` and the like (X is a sub-section when more
    follows)."""
    reads = accessor_reads(tree, module)
    reads.open.clear()  # the base code reads the names its callers pass: not a gap
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        called = syntax.called(node)
        if called == "getOption" and _on_self(node):
            name = module.constant(node.args[0])
            if name and not name.startswith("/"):
                reads.option(name, None)
            elif name is None and _section_prefix(node.args[0]):
                reads.sections.add(_section_prefix(node.args[0]))
        if called not in PATH_READERS:
            continue
        suffix = _path_suffix(node.args[0])
        if not suffix:
            continue
        name, more = re.match(r"([^/{]*)(.*)", suffix).groups()
        if not name:
            continue
        if more or called in SECTION_READERS:
            reads.sections.add(name)
        else:
            reads.option(name, _default_text(node.args[1]) if len(node.args) > 1 else None)
    return reads


def _on_self(node: ast.Call) -> bool:
    value = getattr(node.func, "value", None)
    return isinstance(value, ast.Name) and value.id in ("self", "cls")


def _template_text(node: ast.expr) -> str | None:
    """A name built from a literal template, with ``{}`` for each value put in: f-strings,
    ``"%s/X" % a``, ``"{}/X".format(a)`` and ``a + "/X"``."""
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value if isinstance(part, ast.Constant) else "{}" for part in node.values
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and _is_text(node.left):
        values = iter(node.right.elts if isinstance(node.right, ast.Tuple) else [node.right])
        return re.sub(r"%\w", lambda _: _filled(next(values, None)), node.left.value)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and _is_text(node.right):
        return None if _is_text(node.left) else "{}" + node.right.value
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and _is_text(node.func.value)
    ):
        return re.sub(r"\{[^}]*\}", "{}", node.func.value.value)
    return None


def _filled(value: ast.expr | None) -> str:
    """What a ``%s`` of a template becomes: a literal string, else ``{}``."""
    text = syntax.text(value)
    return "{}" if text is None else text


def _is_text(node: ast.expr) -> bool:
    return syntax.text(node) is not None


def _section_prefix(node: ast.expr) -> str | None:
    """``f"Sub/{name}"``: the literal sub-section the built name starts with."""
    text = _template_text(node) or ""
    first = text.split("/")[0]
    return first if "/" in text and first and "{}" not in first else None


def _path_suffix(node: ast.expr) -> str | None:
    """``f"{section}/X..."``, ``"%s/X" % section``...: what follows the built section path."""
    text = _template_text(node) or ""
    return text[3:] if text.startswith("{}/") and len(text) > 3 else None


def _default_text(node: ast.expr | None) -> str | None:
    """The default value written in the code, in CFG spelling, when it is a literal."""
    if node is None:
        return None
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return None if value is None else str(value)
