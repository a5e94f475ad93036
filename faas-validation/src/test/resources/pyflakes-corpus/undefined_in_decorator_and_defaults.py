@register(name="handler")
def handler(event, context=default_context, *, retries=MAX_RETRIES):
    return event


class Model(Base, metaclass=Meta):
    pass
