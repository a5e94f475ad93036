def handler(event, context):
    return "unterminated
