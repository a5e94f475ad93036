def handler(event, context):
    first, *middle, *rest = event["items"]
    [*a, *b] = event["pairs"]
    *ok, last = event["items"]
    return first, middle, rest, a, b, ok, last
