import logging


def handler(event, context):
    try:
        return event["x"]
    except KeyError as missing:
        return None
    except ValueError as error:
        logging.exception(error)
        return None


try:
    value = int("x")
except ValueError as exc:
    value = 0
