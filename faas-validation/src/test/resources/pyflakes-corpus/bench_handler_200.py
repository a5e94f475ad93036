"""Order pipeline handler: validates, prices and routes order events.

The function is triggered by the ``orders`` topic and returns the enriched order.
"""
from __future__ import annotations

import json
import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import Any, Dict, Iterable, List, Optional, Tuple

log = logging.getLogger("orders")

ORDER_ID = re.compile(r"^[A-Z]{3}-\d{6}$")
SKU = re.compile(r"^[a-z0-9-]{3,32}$")
CENT = Decimal("0.01")
MAX_LINES = 200
FREE_SHIPPING_FROM = Decimal("50.00")
TAX_RATES = {
    "FR": Decimal("0.20"),
    "DE": Decimal("0.19"),
    "ES": Decimal("0.21"),
    "IT": Decimal("0.22"),
    "NL": Decimal("0.21"),
}


class Status(Enum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    REVIEW = "review"


@dataclass(frozen=True)
class Line:
    sku: str
    quantity: int
    unit_price: Decimal
    discount: Decimal = Decimal(0)

    @property
    def total(self) -> Decimal:
        gross = self.unit_price * self.quantity
        return (gross - gross * self.discount).quantize(CENT, ROUND_HALF_UP)


@dataclass
class Order:
    order_id: str
    country: str
    placed_at: datetime
    lines: List[Line] = field(default_factory=list)
    coupon: Optional[str] = None
    notes: List[str] = field(default_factory=list)

    def subtotal(self) -> Decimal:
        return sum((line.total for line in self.lines), Decimal(0))

    def skus(self) -> Counter:
        return Counter(line.sku for line in self.lines)


class ValidationError(Exception):
    def __init__(self, problems: List[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def parse_decimal(value: Any, name: str) -> Decimal:
    try:
        return Decimal(str(value))
    except (ArithmeticError, ValueError) as exc:
        raise ValidationError([f"{name} is not a number: {value!r}"]) from exc


def parse_line(raw: Dict[str, Any], index: int) -> Tuple[Optional[Line], List[str]]:
    problems = []
    sku = str(raw.get("sku", ""))
    if not SKU.match(sku):
        problems.append("line %d: bad sku %r" % (index, sku))
    try:
        quantity = int(raw.get("quantity", 0))
    except (TypeError, ValueError):
        quantity = 0
    if quantity <= 0:
        problems.append("line {}: quantity must be positive".format(index))
    price = parse_decimal(raw.get("price", "0"), f"line {index} price")
    discount = parse_decimal(raw.get("discount", "0"), f"line {index} discount")
    if not Decimal(0) <= discount < Decimal(1):
        problems.append(f"line {index}: discount out of range")
    if problems:
        return None, problems
    return Line(sku, quantity, price, discount), []


def parse_order(event: Dict[str, Any]) -> Order:
    problems: List[str] = []
    order_id = event.get("id", "")
    if not ORDER_ID.match(order_id):
        problems.append(f"bad order id {order_id!r}")
    country = event.get("country", "").upper()
    if country not in TAX_RATES:
        problems.append(f"unsupported country {country!r}")
    raw_lines = event.get("lines") or []
    if len(raw_lines) > MAX_LINES:
        problems.append("too many lines: %d > %d" % (len(raw_lines), MAX_LINES))
    lines = []
    for index, raw in enumerate(raw_lines[:MAX_LINES], start=1):
        line, line_problems = parse_line(raw, index)
        problems.extend(line_problems)
        if line is not None:
            lines.append(line)
    try:
        placed_at = datetime.fromisoformat(event["placed_at"])
    except (KeyError, ValueError):
        placed_at = datetime.now(timezone.utc)
    if problems:
        raise ValidationError(problems)
    return Order(order_id, country, placed_at, lines, event.get("coupon"))


def coupon_rate(coupon: Optional[str], subtotal: Decimal) -> Decimal:
    if not coupon:
        return Decimal(0)
    code = coupon.strip().upper()
    if code.startswith("WELCOME") and subtotal >= Decimal("20"):
        return Decimal("0.10")
    if code == "VIP":
        return Decimal("0.15")
    return Decimal(0)


def shipping(order: Order, subtotal: Decimal) -> Decimal:
    if subtotal >= FREE_SHIPPING_FROM:
        return Decimal(0)
    weight = sum(line.quantity for line in order.lines)
    return (Decimal("4.90") + Decimal("0.50") * max(weight - 1, 0)).quantize(CENT)


def price(order: Order) -> Dict[str, str]:
    subtotal = order.subtotal()
    discount = (subtotal * coupon_rate(order.coupon, subtotal)).quantize(CENT, ROUND_HALF_UP)
    taxable = subtotal - discount
    tax = (taxable * TAX_RATES[order.country]).quantize(CENT, ROUND_HALF_UP)
    ship = shipping(order, subtotal)
    return {
        "subtotal": str(subtotal),
        "discount": str(discount),
        "tax": str(tax),
        "shipping": str(ship),
        "total": str(taxable + tax + ship),
    }


def risk_flags(order: Order, history: Iterable[Dict[str, Any]]) -> List[str]:
    flags = []
    by_day: Dict[str, int] = defaultdict(int)
    for past in history:
        by_day[past.get("day", "?")] += 1
    today = order.placed_at.date().isoformat()
    if by_day[today] >= 5:
        flags.append("many orders today")
    if any(count > 10 for count in order.skus().values()):
        flags.append("bulk quantity")
    if order.placed_at > datetime.now(timezone.utc) + timedelta(minutes=5):
        flags.append("placed in the future")
    return flags


def route(status: Status, order_id: str) -> str:
    topics = {Status.ACCEPTED: "orders.priced", Status.REVIEW: "orders.review"}
    return topics.get(status, "orders.rejected") + "#" + order_id


def handler(event, context):
    started = datetime.now(timezone.utc)
    try:
        order = parse_order(event)
    except ValidationError as error:
        log.info("rejected %s: %s", event.get("id"), error)
        return {"status": Status.REJECTED.value, "problems": error.problems}
    amounts = price(order)
    flags = risk_flags(order, event.get("history", []))
    status = Status.REVIEW if flags else Status.ACCEPTED
    elapsed = (datetime.now(timezone.utc) - started).total_seconds() * 1000
    context.log(f"order {order.order_id} {status.value} in {elapsed:.1f} ms")
    result = {
        "id": order.order_id,
        "status": status.value,
        "amounts": amounts,
        "flags": flags,
        "route": route(status, order.order_id),
        "lines": [{"sku": ln.sku, "total": str(ln.total)} for ln in order.lines],
    }
    return json.loads(json.dumps(result))
