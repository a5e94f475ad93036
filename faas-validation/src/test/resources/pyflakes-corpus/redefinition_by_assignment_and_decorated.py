import os

os = "not a module"


def handler(event, context):
    return os


def handler(event, context):
    return None


@property
def handler(event, context):
    return 1
