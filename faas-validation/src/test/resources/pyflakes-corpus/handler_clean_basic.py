"""Counts words in an incoming event."""
import json


def handler(event, context):
    text = event.get("text", "")
    words = [w for w in text.split() if w]
    context.log(f"received {len(words)} words")
    return json.dumps({"count": len(words)})
