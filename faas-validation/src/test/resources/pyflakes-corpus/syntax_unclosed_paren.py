def handler(event, context):
    return max(event["a"],
               event["b"]


print("done")
