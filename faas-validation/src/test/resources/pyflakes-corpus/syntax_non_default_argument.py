def handler(event=None, context):
    return event
