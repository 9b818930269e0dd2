"""Small readers of ``ast`` nodes that the inventory's extractors share."""

import ast


def text(node: ast.AST | None) -> str | None:
    """The value of a string literal; None for anything else."""
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def name(node: ast.AST | None) -> str:
    """The last part of a name (``Option`` for ``typer.Option``), "None" for the literal None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Constant) and node.value is None:
        return "None"
    return ""


def called(node: ast.AST | None) -> str:
    """The name of the function a call calls (``Column`` for ``sa.Column(...)``), else ""."""
    return name(node.func) if isinstance(node, ast.Call) else ""


def keyword(call: ast.AST | None, name: str):
    """The literal value of keyword argument ``name`` of a call; None if absent or not literal."""
    for item in call.keywords if isinstance(call, ast.Call) else []:
        if item.arg == name:
            try:
                return ast.literal_eval(item.value)
            except ValueError:
                return None
    return None


def first_paragraph(text: str | None) -> str:
    """The first paragraph of a docstring, on one line."""
    return " ".join((text or "").strip().split("\n\n")[0].split())
