def handler(event, context):
    if (event, context):
        pass
    if ():
        pass
    assert (event, "event is required")
    assert ()
    value = 1 if (event,) else 2
    elif_chain = 0
    if event:
        pass
    elif (context, ):
        elif_chain = 1
    return value, elif_chain
