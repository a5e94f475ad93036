def handler(event, context):
    kind = event["kind"]
    if kind is "order":
        return 1
    if kind is not 1.5:
        return 2
    if (1, 2) is kind or kind is b"x" or kind is None or kind is True or kind is ...:
        return 3
    if 0 < kind is -1:
        return 4
    return kind is ()
