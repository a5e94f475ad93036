"""A longer handler with a mix of real problems."""
import os
import re
import json
import logging
from typing import Any, Dict, List

log = logging.getLogger("orders")

PATTERN = re.compile(r"^[A-Z]{3}-\d+$")


def validate(order: Dict[str, Any]) -> List[str]:
    problems = []
    if not PATTERN.match(order.get("id", "")):
        problems.append("bad id %s" % order.get("id"))
    for line in order.get("lines", []):
        if line["qty"] <= 0:
            problems.append("qty must be positive: {}".format(line["qty"], line))
    return problems


def price(order):
    total = 0
    for line in order["lines"]:
        total += line["qty"] * line["price"]
        discount = line.get("discount", 0)
    return totl


def handler(event, context):
    order = json.loads(event["body"])
    problems = validate(order)
    if problems:
        log.warning(f"rejected order")
        return {"ok": False, "problems": problems}
    try:
        amount = price(order)
    except KeyError as exc:
        return {"ok": False}
    return {"ok": True, "amount": amount, "region": REGION}
