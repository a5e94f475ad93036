CONFIG = {
    "retries": 3,
    "timeout": 10,
    "retries": 5,
    1: "one",
    1.0: "float one",
    True: "true",
    b"raw": 1,
    b"raw": 2,
    ("a", 1): "tuple",
    ("a", 1): "tuple again",
}


def handler(event, context):
    key = event["key"]
    same = {"a": 1, "a": 1}
    variables = {key: 1, key: 2}
    return CONFIG, same, variables
