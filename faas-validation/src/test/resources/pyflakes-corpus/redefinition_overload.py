from typing import overload, Union


@overload
def parse(value: int) -> int: ...


@overload
def parse(value: str) -> str: ...


def parse(value: Union[int, str]):
    return value


def handler(event, context):
    return parse(event["v"])
