import os


def handler(event, context):
    return undefined_crlf
