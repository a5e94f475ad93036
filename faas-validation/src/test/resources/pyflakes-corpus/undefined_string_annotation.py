from typing import List


def handler(event: "Event", context: "Context") -> "List[Result]":
    items: "List[Item]" = []
    return items
