def handler(event: "dict[str,", context) -> "int int":
    return 1
