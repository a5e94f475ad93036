try:
    from functools import cache
except ImportError:
    def cache(fn):
        return fn

if True:
    def helper():
        return 1
else:
    def helper():
        return 2


@cache
def handler(event, context):
    return helper()
