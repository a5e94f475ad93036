import sys


def handler(event, context):
    print "received", event
    return event
