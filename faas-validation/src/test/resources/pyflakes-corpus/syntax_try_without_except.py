def handler(event, context):
    try:
        return event
