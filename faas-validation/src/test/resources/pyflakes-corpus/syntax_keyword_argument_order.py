def handler(event, context):
    return dict(a=1, 2)
