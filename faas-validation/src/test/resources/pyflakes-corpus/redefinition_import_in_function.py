import os
import sys


def handler(event, context):
    import os
    from sys import path as sys
    return os.getcwd()
