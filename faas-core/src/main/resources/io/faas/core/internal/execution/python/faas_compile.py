"""faas source checker: CPython's own compiler over function sources, never running them.

Reads one JSON request per line on stdin, {"file", "source", "handler"?}, and writes one JSON
reply per line on stdout: {"outcome": "CHECKED" | "SYNTAX_ERROR" | "UNREADABLE",
"diagnostics": [{"line", "col", "message"}], "errorLine"?}. Syntax errors are reported as
pyflakes reports them (message, line, column, offending line); the handler contract is that of
the GraalPy validator: a module-level def HANDLER(event, context).
"""
import ast
import json
import sys
import warnings


def _syntax_error(e, source):
    if "null bytes" in str(e.args[0]):
        return _UNREADABLE
    line = None
    if e.text is not None:
        lines = e.text.splitlines()
        line = lines[-1] if lines else ""
    elif e.lineno:
        lines = source.splitlines()
        line = lines[e.lineno - 1] if e.lineno <= len(lines) else None
    col = 0 if e.offset is None else max(e.offset, 1)
    return {"outcome": "SYNTAX_ERROR", "errorLine": line,
            "diagnostics": [{"line": max(e.lineno or 0, 1), "col": col, "message": str(e.args[0])}]}


_UNREADABLE = {"outcome": "UNREADABLE", "diagnostics": [{"line": 1, "col": 0, "message": "problem decoding source"}]}


def _assigns(target, name):
    if isinstance(target, ast.Name):
        return target.id == name
    if isinstance(target, (ast.Tuple, ast.List)):
        return any(_assigns(e.value if isinstance(e, ast.Starred) else e, name) for e in target.elts)
    return False


def _binds(stmt, name):
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return "def" if stmt.name == name else None
    if isinstance(stmt, ast.ClassDef):
        return "a class" if stmt.name == name else None
    if isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
        if isinstance(stmt, ast.AnnAssign) and stmt.value is None:
            return None
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        return "a variable" if any(_assigns(t, name) for t in targets) else None
    if isinstance(stmt, (ast.Import, ast.ImportFrom)):
        for alias in stmt.names:
            bound = alias.asname or alias.name
            if bound.split(".")[0] == name:
                return "an import"
    return None


def _handler(module, handler):
    definition, other, other_line = None, None, 1
    for stmt in module.body:
        kind = _binds(stmt, handler)
        if kind is None:
            continue
        if kind == "def":
            definition, other = stmt, None
        else:
            definition, other, other_line = None, kind, stmt.lineno
    if other is not None:
        return [{"line": other_line, "col": 1, "message": "handler '%s' must be a function taking two arguments"
                 " (event, context), but it is %s" % (handler, other)}]
    if definition is None:
        return [{"line": 1, "col": 1, "message": "handler function '%s' is not defined" % handler}]
    line, col = definition.lineno, definition.col_offset + 1
    if isinstance(definition, ast.AsyncFunctionDef):
        return [{"line": line, "col": col,
                 "message": "handler function '%s' must be a plain function, not 'async def'" % handler}]
    args = definition.args
    positional = len(args.posonlyargs) + len(args.args)
    required = positional - len(args.defaults)
    required_kw = sum(1 for d in args.kw_defaults if d is None)
    if required <= 2 and (positional >= 2 or args.vararg is not None) and required_kw == 0:
        return []
    if required_kw > 0:
        takes = "requires keyword-only arguments"
    elif required > 2:
        takes = "requires %d positional arguments" % required
    else:
        takes = "takes %d positional argument%s" % (positional, "" if positional == 1 else "s")
    return [{"line": line, "col": col, "message": "handler function '%s' must take two positional arguments"
             " (event, context), but it %s" % (handler, takes)}]


def check(request):
    source, file_name, handler = request["source"], request["file"], request.get("handler")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            module = compile(source, file_name, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
            # The bytecode compiler finds what the parser lets through ('return' outside a function, ...).
            compile(module, file_name, "exec", dont_inherit=True)
        except SyntaxError as e:
            return _syntax_error(e, source)
        except ValueError:
            return _UNREADABLE
        except (RecursionError, MemoryError):
            return {"outcome": "SYNTAX_ERROR", "diagnostics": [{"line": 1, "col": 1,
                                                                "message": "source is too deeply nested to check"}]}
    return {"outcome": "CHECKED", "diagnostics": _handler(module, handler) if handler else []}


def main():
    stdin = sys.stdin.buffer
    stdout = sys.stdout.buffer
    stdout.write(b'{"ready": true}\n')
    stdout.flush()
    for line in stdin:
        try:
            reply = check(json.loads(line.decode("utf-8")))
        except Exception as e:  # a broken request must not end the checker
            reply = {"outcome": "SYNTAX_ERROR", "diagnostics": [{"line": 1, "col": 1,
                                                                 "message": "source could not be checked: %s" % e}]}
        stdout.write(json.dumps(reply).encode("utf-8") + b"\n")
        stdout.flush()


if __name__ == "__main__":
    main()
