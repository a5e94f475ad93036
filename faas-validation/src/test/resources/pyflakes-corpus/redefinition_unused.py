import json
import json
from os import path
from posixpath import path


def transform(event):
    return event


def transform(event):
    return dict(event)


class Model:
    pass


class Model:
    def save(self):
        pass

    def save(self):
        pass


def handler(event, context):
    return transform(event), json, path, Model
