import os

limit = 10


def handler(event, context):
    print(limit)
    limit = event.get("limit", 5)
    path = os.path.join("a", "b")
    os = None
    return limit, path


def shadow_builtin():
    value = len([1])
    len = 3
    return value, len
