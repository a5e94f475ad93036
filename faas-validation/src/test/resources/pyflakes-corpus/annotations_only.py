from typing import Optional

name: str
count: Optional[int] = None


def handler(event, context):
    print(name)
    local_only: int
    print(local_only)
    return count
