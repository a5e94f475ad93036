import os


class Handler:
    base = os.getcwd()
    items = [base for _ in range(2)]

    def __init__(self):
        self.base = base

    def run(self, event):
        return self.base, event


def handler(event, context):
    return Handler().run(event)
