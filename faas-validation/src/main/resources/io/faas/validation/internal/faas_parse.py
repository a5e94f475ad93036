# Runs inside the validator's GraalPy contexts. Only parses: compile() with PyCF_ONLY_AST (what
# ast.parse does, without importing the ast module, which costs a second at start-up) returns a
# tree; nothing is compiled to bytecode nor executed. The Java side copies the tree and checks it.

def faas_parse(source, _compile=compile):
    try:
        return (0, _compile(source, '<unknown>', 'exec', 0x400))
    except SyntaxError as e:
        message = str(e.args[0]) if e.args else 'invalid syntax'
        return (1, type(e).__name__, message, e.lineno or 0,
                -1 if e.offset is None else e.offset, e.text)
    except (ValueError, UnicodeError) as e:
        return (2, type(e).__name__, str(e))
    except (RecursionError, MemoryError) as e:
        return (3, type(e).__name__, str(e))


faas_parse
