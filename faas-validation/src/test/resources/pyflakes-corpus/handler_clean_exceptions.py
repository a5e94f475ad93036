import json


class HandlerError(Exception):
    pass


def load(raw):
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise HandlerError(f"bad payload at {exc.pos}") from exc
    finally:
        pass


def handler(event, context):
    try:
        data = load(event["body"])
    except (KeyError, HandlerError) as err:
        context.log(str(err))
        return {"error": str(err)}
    else:
        return {"keys": sorted(data)}
