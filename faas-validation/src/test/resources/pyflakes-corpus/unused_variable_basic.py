def handler(event, context):
    result = event["value"] * 2
    unused = compute = 3
    _ = "ignored"
    (a, b) = 1, 2
    c, d = event["pair"]
    [e, f] = [1, 2]
    with open(event["path"]) as fh:
        pass
    return compute
