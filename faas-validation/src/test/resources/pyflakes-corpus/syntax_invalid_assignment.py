def handler(event, context):
    event["x"] + 1 = 2
