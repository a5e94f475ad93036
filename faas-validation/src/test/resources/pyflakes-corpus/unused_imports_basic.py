import os
import sys, json
from collections import OrderedDict, namedtuple


def handler(event, context):
    return OrderedDict(event)
