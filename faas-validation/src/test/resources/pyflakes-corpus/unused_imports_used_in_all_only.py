import json
import base64
from typing import Any

__all__ = ("json", "Any")
