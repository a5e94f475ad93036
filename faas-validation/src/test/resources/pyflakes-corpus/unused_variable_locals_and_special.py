def render(event, context):
    title = event["title"]
    body = event["body"]
    return "{title}: {body}".format(**locals())


def handler(event, context):
    __tracebackhide__ = True
    return render(event, context)
