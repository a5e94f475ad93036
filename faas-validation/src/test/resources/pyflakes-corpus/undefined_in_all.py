from json import dumps

__all__ = ["dumps", "loads", "handler"]
__all__ += ["missing_helper"]


def handler(event, context):
    return dumps(event)
