def handler(event, context):
    name = event["name"]
    a = f"hello"
    b = f"{name}"
    c = f"total: " f"{name}"
    d = "plain" f"no placeholder"
    e = f"{name:{'>'}10}" + f"{{literal}}"
    return a, b, c, d, e
