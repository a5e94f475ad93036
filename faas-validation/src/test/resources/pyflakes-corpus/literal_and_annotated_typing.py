from typing import Annotated, Literal, cast, TypeVar, NamedTuple, TypedDict

Mode = Literal["fast", "slow"]
Width = Annotated[int, "pixels", "must be positive"]
T = TypeVar("T", "Foo", bound="Bar")
Point = NamedTuple("Point", [("x", "Coord"), ("y", int)])
Movie = TypedDict("Movie", {"title": "Title", "year": int})


def handler(event, context):
    return cast("Payload", event)
