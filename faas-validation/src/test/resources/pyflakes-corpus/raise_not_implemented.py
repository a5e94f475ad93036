class Base:
    def handle(self, event):
        raise NotImplemented

    def close(self):
        raise NotImplemented("close")

    def open(self):
        raise NotImplementedError


def handler(event, context):
    return Base().handle(event)
