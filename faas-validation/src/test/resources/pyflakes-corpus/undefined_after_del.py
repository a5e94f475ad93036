def handler(event, context):
    payload = event["payload"]
    del payload
    return payload


buffer = []
del buffer
print(buffer)
del never_defined
