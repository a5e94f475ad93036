# Runs inside the validator's GraalPy contexts. Only parses: the source is never compiled to
# bytecode nor executed. The Java side copies the tree out and checks it.
import ast


def faas_parse(source):
    try:
        return (0, ast.parse(source))
    except SyntaxError as e:
        message = str(e.args[0]) if e.args else 'invalid syntax'
        return (1, type(e).__name__, message, e.lineno or 0,
                -1 if e.offset is None else e.offset, e.text)
    except (ValueError, UnicodeError) as e:
        return (2, type(e).__name__, str(e))
    except (RecursionError, MemoryError) as e:
        return (3, type(e).__name__, str(e))


faas_parse
