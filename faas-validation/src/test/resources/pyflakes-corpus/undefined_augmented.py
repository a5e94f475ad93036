def handler(event, context):
    counter += 1
    total = 0
    total += event["n"]
    return total
