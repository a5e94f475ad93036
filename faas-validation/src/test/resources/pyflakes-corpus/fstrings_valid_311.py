"""Valid Python 3.11 f-strings: none of these may be reported as syntax errors."""
import datetime


def handler(event, context):
    name = event["name"]
    width = 12
    now = datetime.datetime.now()
    rows = [
        f"{name!r:>{width}}",
        f'{event["id"]}',
        f"{event['id']:08d}",
        f"{now:%Y-%m-%d %H:%M}",
        f"{name=}",
        f"{name = !s:^{width}}",
        f"{{literal}} {name}",
        f"{'{'}{name}{'}'}",
        f"{ {'a': 1}['a'] }",
        f"{(lambda x: x * 2)(width)}",
        f"{width if width > 3 else 0:{'>'}{width}}",
        f"""{name}
        spans {width} lines
        {'and quotes " inside'}""",
        rf"\d+{name}\s",
        f"{3.14:.{width}f}",
        f"{name!a}" f'{width}' "plain",
        f"{event.get('x', {}).get('y')}",
        f"{[x for x in range(3)]!s}",
        f"{width:{'0'}>{width}}",
    ]
    return "\n".join(rows)
