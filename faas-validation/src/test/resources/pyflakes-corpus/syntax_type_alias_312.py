type Payload = dict[str, int]


def handler(event, context):
    return event
