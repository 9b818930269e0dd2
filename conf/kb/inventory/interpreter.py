"""A small abstract interpreter that finds command-line registrations in DIRAC code.

DIRAC scripts declare their switches with calls such as
``Script.registerSwitch("T:", "lifetime=", ...)``, often indirectly: through
helper classes (``Params().registerCLISwitches()``), loops over literal tuples,
or switch lists stored on ``self``.  Reading the calls with a regular
expression misses these, and importing DIRAC is not an option, so this module
follows the code the way Python would, but only as far as it can know values
for sure: string/tuple literals, module constants, instance attributes set in
``__init__``, calls to functions and classes of the same wheel.  Everything
else is UNKNOWN.  Both branches of an ``if`` whose test is unknown are
followed, and the switches found there are marked conditional.  Whenever a
registration cannot be read fully, a reason is recorded, so the caller can
report the script as incomplete instead of guessing.
"""

import ast
import contextlib
from dataclasses import dataclass, field, replace

from . import syntax
from .sources import Module, SourceIndex, import_bindings


class _Unknown:
    def __repr__(self):
        return "UNKNOWN"


UNKNOWN = _Unknown()

# Modules whose functions make up the public command-line API of DIRAC scripts:
# calls into them are recorded, never followed.
SCRIPT_API_MODULES = {
    "DIRAC.Core.Base.Script",
    "DIRAC.Core.Utilities.DIRACScript",
    "DIRAC.ConfigurationSystem.Client.LocalConfiguration",
}
SWITCH_CALLS = {"registerSwitch", "registerCmdOpt"}
ARGUMENT_CALLS = {"registerArgument", "registerCmdArg"}
PARSING_CALLS = {"parseCommandLine", "loadUserData"}
# names that make a function worth following, besides any register*
COMMAND_LINE_WORDS = PARSING_CALLS | {"ArgumentParser", "add_argument"}
MAX_CALL_DEPTH = 12
MAX_STATEMENTS = 50_000


@dataclass(eq=False)
class ClassRef:
    module: Module
    node: ast.ClassDef
    # the enclosing function's variables, for classes defined inside a function
    closure: dict = field(default_factory=dict)


@dataclass(eq=False)
class FunctionRef:
    module: Module
    node: ast.FunctionDef
    bound_self: object = None  # the instance of a bound method
    # the enclosing function's variables, for functions defined inside a function
    closure: dict = field(default_factory=dict)


@dataclass(eq=False)
class Instance:
    cls: ClassRef
    attributes: dict = field(default_factory=dict)


@dataclass
class Registration:
    """One call that declares a switch or a positional argument."""

    kind: str  # "switch", "argument", "argparse" (add_argument) or "argparse-parser"
    args: tuple  # evaluated positional arguments
    keywords: dict  # evaluated keyword arguments
    conditional: bool  # found under an if whose test could not be decided
    where: str  # module:line, for error reports


class _ReturnValue(Exception):
    pass


class Interpreter:
    def __init__(self, index: SourceIndex):
        self.index = index
        # what the run found
        self.registrations: list[Registration] = []
        self.problems: list[str] = []
        self.parsers: set[str] = set()  # "dirac" and/or "argparse"
        self._conditional = 0
        self._statements = 0
        self._active: list[ast.AST] = []  # the functions being run: no recursion, a depth limit
        self._relevance: dict[ast.AST, bool] = {}
        self.entry_module: Module | None = None

    # ------------------------------------------------------------ entry points
    def run_module(self, module: Module) -> None:
        """Run the import-time statements of a script module (definitions are indexed, not run)."""
        self.entry_module = module
        self._run_block(module.tree.body, module, module.globals, top_level=True)

    def problem(self, message: str) -> None:
        if message not in self.problems:
            self.problems.append(message)

    # -------------------------------------------------------------- statements
    def _run_block(self, body, module, env, top_level=False):
        for statement in body:
            self._run_statement(statement, module, env, top_level)

    def _run_statement(self, node, module, env, top_level=False):
        self._statements += 1
        if self._statements > MAX_STATEMENTS:
            raise RecursionError("statement budget exhausted")
        if top_level and isinstance(
            node,
            ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Import | ast.ImportFrom,
        ):
            return  # indexed by Module.parse and resolved on use
        if isinstance(node, ast.FunctionDef):
            env[node.name] = FunctionRef(module, node, closure=env)
        elif isinstance(node, ast.ClassDef):
            env[node.name] = ClassRef(module, node, closure=env)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            for name, (source, attribute) in import_bindings(node).items():
                env[name] = self._imported(source, attribute)
        elif isinstance(node, ast.Expr):
            self._eval(node.value, module, env)
        elif isinstance(node, ast.Assign):
            value = self._eval(node.value, module, env)
            for target in node.targets:
                self._bind(target, value, module, env)
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            value = self._eval(node.value, module, env) if node.value else UNKNOWN
            self._bind(
                node.target, UNKNOWN if isinstance(node, ast.AugAssign) else value, module, env
            )
        elif isinstance(node, ast.If):
            if top_level and _is_main_guard(node.test):
                return
            test = self._truth(self._eval(node.test, module, env))
            if test is True:
                self._run_block(node.body, module, env)
            elif test is False:
                self._run_block(node.orelse, module, env)
            else:
                self._conditional += 1
                try:
                    for branch in (node.body, node.orelse):
                        # a return in one branch must not hide the code after the if
                        with contextlib.suppress(_ReturnValue):
                            self._run_block(branch, module, env)
                finally:
                    self._conditional -= 1
        elif isinstance(node, ast.For | ast.AsyncFor):
            iterable = self._eval(node.iter, module, env)
            for item in iterable if isinstance(iterable, tuple | list) else [UNKNOWN]:
                self._bind(node.target, item, module, env)
                self._run_block(node.body, module, env)
            self._run_block(node.orelse, module, env)
        elif isinstance(node, ast.While):
            self._eval(node.test, module, env)
            self._run_block(node.body + node.orelse, module, env)
        elif isinstance(node, ast.With | ast.AsyncWith):
            for item in node.items:
                self._eval(item.context_expr, module, env)
                if item.optional_vars is not None:
                    self._bind(item.optional_vars, UNKNOWN, module, env)
            self._run_block(node.body, module, env)
        elif isinstance(node, ast.Try):
            self._run_block(node.body, module, env)
            if not self._imports_from_wheel(node.body):
                for handler in node.handlers:
                    self._run_block(handler.body, module, env)
            self._run_block(node.orelse + node.finalbody, module, env)
        elif isinstance(node, ast.Return):
            value = self._eval(node.value, module, env) if node.value else None
            raise _ReturnValue(value)
        else:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.expr):
                    self._eval(child, module, env)

    def _imports_from_wheel(self, body: list[ast.stmt]) -> bool:
        """True for a ``try`` body of imports of the wheel's own modules: once the release is
        installed they succeed, so the ``except`` branch (a fallback such as dirac-platform's
        argparse code for running without DIRAC) never runs."""
        return all(
            isinstance(statement, ast.ImportFrom)
            and statement.level == 0
            and statement.module is not None
            and self.index.module(statement.module) is not None
            for statement in body
        )

    def _bind(self, target, value, module, env):
        if isinstance(target, ast.Name):
            env[target.id] = value
        elif isinstance(target, ast.Tuple | ast.List):
            fits = isinstance(value, tuple | list) and len(value) == len(target.elts)
            for position, element in enumerate(target.elts):
                self._bind(element, value[position] if fits else UNKNOWN, module, env)
        elif isinstance(target, ast.Attribute):
            owner = self._eval(target.value, module, env)
            if isinstance(owner, Instance):
                owner.attributes[target.attr] = value
        else:
            self._eval(target, module, env)

    # ------------------------------------------------------------- expressions
    def _eval(self, node, module, env):
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            if node.id in env:
                return env[node.id]
            return self.resolve_global(module, node.id)
        if isinstance(node, ast.Tuple):
            return tuple(self._eval_elements(node.elts, module, env))
        if isinstance(node, ast.List):
            return list(self._eval_elements(node.elts, module, env))
        if isinstance(node, ast.Attribute):
            return self._attribute(self._eval(node.value, module, env), node.attr)
        if isinstance(node, ast.Subscript):
            container = self._eval(node.value, module, env)
            key = self._eval(node.slice, module, env)
            if isinstance(container, tuple | list | str) and isinstance(key, int):
                return container[key] if -len(container) <= key < len(container) else UNKNOWN
            if isinstance(container, dict) and not isinstance(key, _Unknown):
                return container.get(key, UNKNOWN)
            return UNKNOWN
        if isinstance(node, ast.BinOp):
            left, right = self._eval(node.left, module, env), self._eval(node.right, module, env)
            joinable = isinstance(left, str | tuple | list) and type(left) is type(right)
            return left + right if isinstance(node.op, ast.Add) and joinable else UNKNOWN
        if isinstance(node, ast.IfExp):
            test = self._truth(self._eval(node.test, module, env))
            if test is None:
                self._eval(node.body, module, env)
                self._eval(node.orelse, module, env)
                return UNKNOWN
            return self._eval(node.body if test else node.orelse, module, env)
        if isinstance(node, ast.JoinedStr):
            parts = [
                self._eval(v.value if isinstance(v, ast.FormattedValue) else v, module, env)
                for v in node.values
            ]
            return "".join(parts) if all(isinstance(p, str) for p in parts) else UNKNOWN
        if isinstance(node, ast.Dict):
            keys = [self._eval(k, module, env) if k is not None else UNKNOWN for k in node.keys]
            values = [self._eval(v, module, env) for v in node.values]
            literal_keys = all(isinstance(k, str | int) for k in keys)
            return dict(zip(keys, values, strict=True)) if literal_keys else UNKNOWN
        if isinstance(node, ast.Call):
            return self._eval_call(node, module, env)
        if isinstance(
            node, ast.Lambda | ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp
        ):
            return UNKNOWN
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                self._eval(child, module, env)
        return UNKNOWN

    def _eval_elements(self, elements, module, env):
        for element in elements:
            if isinstance(element, ast.Starred):
                value = self._eval(element.value, module, env)
                yield from value if isinstance(value, tuple | list) else [UNKNOWN]
            else:
                yield self._eval(element, module, env)

    @staticmethod
    def _truth(value):
        opaque = isinstance(value, _Unknown | Instance | ClassRef | FunctionRef | Module)
        return None if opaque else bool(value)

    # ------------------------------------------------------------- name lookup
    def resolve_global(self, module: Module, name: str, depth: int = 0):
        if name in module.globals:
            return module.globals[name]
        if depth > 8:
            return UNKNOWN
        if name in module.definitions:
            node = module.definitions[name]
            return (ClassRef if isinstance(node, ast.ClassDef) else FunctionRef)(module, node)
        if name in module.imports:
            return self._imported(*module.imports[name], depth=depth + 1)
        if name in module.assignments:
            module.globals[name] = UNKNOWN  # guards against self-referencing constants
            value = self._eval(module.assignments[name], module, {})
            module.globals[name] = value
            return value
        return UNKNOWN

    def _imported(self, source: str, attribute: str | None, depth: int = 0):
        """The value of `import source` (attribute None) or of `from source import attribute`."""
        target = self.index.module(source)
        if attribute is None:
            return target or UNKNOWN
        if target is not None and any(
            attribute in names for names in (target.definitions, target.imports, target.assignments)
        ):
            return self.resolve_global(target, attribute, depth)
        return self.index.module(f"{source}.{attribute}") or UNKNOWN

    def _attribute(self, owner, name):
        if isinstance(owner, Module):  # a module imported as a whole
            return self.resolve_global(owner, name)
        if isinstance(owner, Instance):
            if name in owner.attributes:
                return owner.attributes[name]
            method = self.find_method(owner.cls, name)
            return replace(method, bound_self=owner) if method else UNKNOWN
        if isinstance(owner, ClassRef):
            return self.find_method(owner, name) or UNKNOWN
        return UNKNOWN

    def find_method(self, cls: ClassRef, name: str, depth: int = 0) -> FunctionRef | None:
        """Find a method in a class, then in its bases, depth first."""
        for statement in cls.node.body:
            if isinstance(statement, ast.FunctionDef) and statement.name == name:
                return FunctionRef(cls.module, statement, closure=cls.closure)
        if depth > 8:
            return None
        for base in cls.node.bases:
            resolved = self._eval(base, cls.module, dict(cls.closure))
            if isinstance(resolved, ClassRef):
                found = self.find_method(resolved, name, depth + 1)
                if found is not None:
                    return found
        return None

    # ------------------------------------------------------------------- calls
    def _eval_call(self, node: ast.Call, module: Module, env: dict):
        callee = self._eval(node.func, module, env)
        args = list(self._eval_elements(node.args, module, env))
        keywords = {}
        for keyword in node.keywords:
            value = self._eval(keyword.value, module, env)
            if keyword.arg is not None:
                keywords[keyword.arg] = value
        if (
            isinstance(callee, FunctionRef | ClassRef)
            and callee.module.name not in SCRIPT_API_MODULES
        ):
            return self.call(callee, args, keywords)
        return self._api_call(
            syntax.name(node.func), args, keywords, f"{module.name}:{node.lineno}"
        )

    def _api_call(self, name, args, keywords, where):
        if name in SWITCH_CALLS:
            self._record("switch", args, keywords, where)
        elif name in ARGUMENT_CALLS:
            self._record("argument", args, keywords, where)
        elif name == "registerSwitches":
            switches = args[0] if args else keywords.get("switches", UNKNOWN)
            if isinstance(switches, tuple | list):
                for switch in switches:
                    switch_args = tuple(switch) if isinstance(switch, tuple | list) else (UNKNOWN,)
                    self._record("switch", switch_args, {}, where)
            else:
                self.problem(
                    f"{where}: registerSwitches() with a switch list that cannot be read statically"
                )
        elif name in PARSING_CALLS:
            self.parsers.add("dirac")
        elif name == "ArgumentParser":
            self.parsers.add("argparse")
            self._record("argparse-parser", args, keywords, where)
        elif name == "add_argument":
            self._record("argparse", args, keywords, where)
        elif "register" in name.lower() and "switch" in name.lower():
            self.problem(f"{where}: cannot follow the call to {name}()")
        return UNKNOWN

    def _record(self, kind, args, keywords, where):
        self.registrations.append(
            Registration(kind, tuple(args), keywords, self._conditional > 0, where)
        )

    def call(self, callee, args: list, keywords: dict):
        if isinstance(callee, ClassRef):
            instance = Instance(callee)
            initializer = self.find_method(callee, "__init__")
            if initializer is not None:
                self.call(replace(initializer, bound_self=instance), args, keywords)
            return instance
        if not isinstance(callee, FunctionRef):
            return UNKNOWN
        if (
            callee.node in self._active
            or len(self._active) >= MAX_CALL_DEPTH
            or not self._worth_following(callee)
        ):
            return UNKNOWN
        env = self._bind_parameters(callee, args, keywords)
        self._active.append(callee.node)
        try:
            self._run_block(callee.node.body, callee.module, env)
        except _ReturnValue as returned:
            return returned.args[0]
        finally:
            self._active.pop()
        return None

    def _worth_following(self, callee: FunctionRef) -> bool:
        """Follow the script's functions, constructors, and functions naming the command line.

        Following every call into DIRAC's libraries would cost minutes per
        wheel and finds nothing: a function that declares switches calls a
        register* or parse* function itself, or is a constructor that sets
        the attributes a later registration reads.
        """
        if callee.module is self.entry_module or callee.node.name == "__init__":
            return True
        if callee.node not in self._relevance:
            words = {n.attr for n in ast.walk(callee.node) if isinstance(n, ast.Attribute)}
            words |= {n.id for n in ast.walk(callee.node) if isinstance(n, ast.Name)}
            self._relevance[callee.node] = bool(words & COMMAND_LINE_WORDS) or any(
                "register" in word.lower() for word in words
            )
        return self._relevance[callee.node]

    def _bind_parameters(self, callee: FunctionRef, args: list, keywords: dict) -> dict:
        parameters = callee.node.args
        positional = [a.arg for a in parameters.posonlyargs + parameters.args]
        first_default = len(positional) - len(parameters.defaults)
        defaults = [
            *zip(positional[first_default:], parameters.defaults, strict=True),
            *zip([a.arg for a in parameters.kwonlyargs], parameters.kw_defaults, strict=True),
        ]
        env = dict(callee.closure)
        for parameter, default in defaults:
            env[parameter] = UNKNOWN if default is None else self._eval(default, callee.module, {})
        values = ([callee.bound_self] if callee.bound_self is not None else []) + list(args)
        env.update(zip(positional, values, strict=False))
        for parameter in positional:
            env.setdefault(parameter, UNKNOWN)
        env.update({k: v for k, v in keywords.items() if k in positional or k in env})
        return env


def _is_main_guard(test: ast.expr) -> bool:
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
        and any(isinstance(c, ast.Constant) and c.value == "__main__" for c in test.comparators)
    )
