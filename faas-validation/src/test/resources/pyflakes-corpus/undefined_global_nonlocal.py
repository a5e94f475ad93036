def configure():
    global LIMIT
    LIMIT = 10


def handler(event, context):
    return LIMIT + OFFSET


def outer():
    def inner():
        nonlocal state
        state = 1
    return inner
