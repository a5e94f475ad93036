def handler(event, context):
    return sum(x for x in event, 0)
