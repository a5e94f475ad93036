from typing import Dict, List, Optional


def handler(event, context):
    # type: (Dict[str, int], object) -> Optional[int]
    values = []  # type: List[int]
    return sum(values) or None
