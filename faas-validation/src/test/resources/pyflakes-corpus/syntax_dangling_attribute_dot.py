def handler(event, context=None):
    for attempt in range(3):
        if event.
et("ok"):
            return attempt
