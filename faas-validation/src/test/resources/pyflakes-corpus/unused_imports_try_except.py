try:
    import simplejson as json
except ImportError:
    import json

try:
    from yaml import CSafeLoader as Loader
except ImportError:
    from yaml import SafeLoader as Loader

try:
    import ujson
except ImportError:
    ujson = None


def handler(event, context):
    return json.dumps(event)
