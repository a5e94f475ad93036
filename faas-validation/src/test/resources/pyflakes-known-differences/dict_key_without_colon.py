def handler(event, context):
    return {"value": ev,ent["v"], "hits": 1}
