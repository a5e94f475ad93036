def handler(event, context):
    for item in event:
        try:
            pass
    :   finally:
            pass
