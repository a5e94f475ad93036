"""Module docstring."""
from __future__ import annotations, division
from __future__ import generators
import os


def handler(event: MaybeDefined, context) -> None:
    return None
