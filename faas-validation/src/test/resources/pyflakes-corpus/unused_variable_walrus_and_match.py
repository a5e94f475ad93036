def handler(event, context):
    if (n := len(event)) > 3:
        pass
    match event:
        case {"kind": kind, "size": size}:
            return size
        case [*rest]:
            return 0
    return None
