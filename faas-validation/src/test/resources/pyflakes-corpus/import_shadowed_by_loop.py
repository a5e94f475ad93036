import item
from os import path


def handler(event, context):
    for item in event["items"]:
        print(item)
    for path in event["paths"]:
        print(path)
    return [path for path in event["paths"]]


for item in range(3):
    pass
