def handler(event, context):
    from os.path import *
    return join("a", "b")
