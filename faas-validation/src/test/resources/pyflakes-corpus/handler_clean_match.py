def describe(message):
    match message:
        case {"type": "click", "x": x, "y": y}:
            return f"click at {x},{y}"
        case {"type": "key", "key": str(key)}:
            return "key " + key
        case [first, *rest]:
            return f"batch of {1 + len(rest)} starting with {first}"
        case _:
            return "unknown"


def handler(event, context):
    return describe(event)
