def handler(*args):
    event, context = args
    return {"echo": event, "function": context.function_name}
