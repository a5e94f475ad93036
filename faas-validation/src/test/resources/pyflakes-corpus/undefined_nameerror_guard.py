try:
    unicode_type = unicode
except NameError:
    unicode_type = str

try:
    long_type = long
except (ImportError, NameError):
    long_type = int

try:
    maybe = undefined_but_guarded_wrongly
except ValueError:
    maybe = None


def handler(event, context):
    return unicode_type(event), long_type(1), maybe
