def handler(event, context=None, retries=3):
    for attempt in range(retries):
        if event.get("ok"):
            return {"attempt": attempt}
    return {"attempt": None}
