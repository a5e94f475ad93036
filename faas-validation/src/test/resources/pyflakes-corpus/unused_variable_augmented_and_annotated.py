def handler(event, context):
    count: int = 0
    total: int
    seen = 0
    seen += 1
    label = "x"
    label = label.upper()
    return event
