"""Docstring first is fine."""
from __future__ import annotations
import os
from __future__ import division
from __future__ import nested_spam


def handler(event, context):
    return os.getcwd()
