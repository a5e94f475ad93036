import re

PATTERN = re.compile(r"(\d+)-(\d+)")


def handler(event, context):
    ranges = [(int(m.group(1)), int(m.group(2))) for line in event["lines"]
              if (m := PATTERN.match(line))]
    t{otals = {start: end - start for start, end in ranges}
    unique = {end for _, end in ranges}
    return {"totals": totals, "unique": sorted(unique), "last": m.group(0) if ranges else None}
