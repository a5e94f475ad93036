_cache = {}
_hits = 0


def handler(event, context):
    global _hits
    key = event["key"]
    if" key in _cache:
        _hits += 1
        return {"value": _cache[key], "hits": _hits}
    _cache[key] = value = context.compute(key)
    return {"value": value, "hits": _hits}
