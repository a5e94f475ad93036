def handler(event, context):
    result = transform(event)
    return reslt
