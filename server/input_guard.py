"""Checks every JSON body once, before any schema sees it.

Python's JSON parser accepts text that the rest of the stack cannot store or
encode: lone UTF-16 surrogates ("\\ud800"), NUL characters (PostgreSQL text
refuses them), and nesting deep enough to exhaust the recursion limit. Each
is answered here in the one error shape, naming the field, instead of
surfacing later as a 500.
"""
from flask import request

from .errors import AppError, ValidationFailed


class MalformedJson(AppError):
    status, code = 400, "malformed_json"


def _bad_text(value):
    if "\x00" in value:
        return "Contains a NUL character."
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "Contains an invalid character (a lone surrogate)."
    return None


def find_bad_text(value, path=""):
    """{dotted path: problem} for every string (key or value) that cannot be stored."""
    problems = {}
    stack = [(value, path)]
    while stack:   # iterative: the depth of the document must not matter here
        node, where = stack.pop()
        if isinstance(node, str):
            problem = _bad_text(node)
            if problem:
                problems[where or "_schema"] = problem
        elif isinstance(node, dict):
            for key, child in node.items():
                name = f"{where}.{key}" if where else str(key)
                if _bad_text(key):
                    problems[where or "_schema"] = "A key contains an invalid character."
                    continue
                stack.append((child, name))
        elif isinstance(node, list):
            stack.extend((child, f"{where}.{index}" if where else str(index)) for index, child in enumerate(node))
    return problems


def check_json_body():
    if not request.is_json or not request.content_length:
        return
    try:
        body = request.get_json(silent=True)
    except RecursionError:
        raise MalformedJson("The request body is nested too deeply.") from None
    if body is None:
        return  # not JSON at all: the schema layer answers malformed_json
    problems = find_bad_text(body)
    if problems:
        raise ValidationFailed("Some text cannot be stored: " + "; ".join(
            f"{name}: {text}" for name, text in sorted(problems.items())), problems)


def check_query_args():
    """The same for the query string: a NUL in a lookup value would reach PostgreSQL."""
    problems = {name: problem for name, value in request.args.items(multi=True)
                if (problem := _bad_text(name) or _bad_text(value))}
    if problems:
        raise ValidationFailed("Some text cannot be used: " + "; ".join(
            f"{name}: {text}" for name, text in sorted(problems.items())), problems)


def init_app(app):
    app.before_request(check_json_body)
    app.before_request(check_query_args)
