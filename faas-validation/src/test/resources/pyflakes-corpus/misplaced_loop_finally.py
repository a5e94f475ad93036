def handler(event, context):
    for item in event:
        try:
            pass
        finally:
            continue
    while event:
        class Inner:
            break
    return None
