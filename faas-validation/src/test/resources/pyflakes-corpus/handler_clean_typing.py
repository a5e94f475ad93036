from typing import TYPE_CHECKING, Callable, Iterable, TypeVar

if TYPE_CHECKING:
    from collections.abc import Mapping

T = TypeVar("T")


def first(items: Iterable[T], predicate: Callable[[T], bool]) -> "T | None":
    for item in items:
        if predicate(item):
            return item
    return None


def lookup(table: "Mapping[str, int]", key: str) -> int:
    return table.get(key, 0)


def handler(event, context):
    value = first(event["numbers"], lambda n: n > 10)
    return {"first": value, "size": lookup(event.get("table", {}), "size")}
