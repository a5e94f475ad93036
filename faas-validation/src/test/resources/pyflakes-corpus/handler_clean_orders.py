"""Enriches order events with totals and a status."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Dict, List, Optional

log = logging.getLogger(__name__)

TAX_RATE = Decimal("0.20")


@dataclass
class Line:
    sku: str
    quantity: int
    unit_price: Decimal

    @property
    def total(self) -> Decimal:
        return self.unit_price * self.quantity


@dataclass
class Order:
    order_id: str
    lines: List[Line] = field(default_factory=list)
    coupon: Optional[str] = None

    def subtotal(self) -> Decimal:
        return sum((line.total for line in self.lines), Decimal(0))


def parse_order(payload: Dict[str, Any]) -> Order:
    lines = [
        Line(item["sku"], int(item["qty"]), Decimal(str(item["price"])))
        for item in payload.get("lines", [])
    ]
    return Order(payload["id"], lines, payload.get("coupon"))


def handler(event, context):
    order = parse_order(event)
    subtotal = order.subtotal()
    discount = Decimal("0.1") * subtotal if order.coupon else Decimal(0)
    tax = (subtotal - discount) * TAX_RATE
    log.info("order %s: subtotal=%s discount=%s", order.order_id, subtotal, discount)
    return {
        "id": order.order_id,
        "subtotal": str(subtotal),
        "tax": str(tax),
        "total": str(subtotal - discount + tax),
        "status": "priced",
    }
