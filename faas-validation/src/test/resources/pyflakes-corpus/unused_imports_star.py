from os.path import *
from .helpers import *
from .. import *


def handler(event, context):
    return join(event["a"], event["b"])
