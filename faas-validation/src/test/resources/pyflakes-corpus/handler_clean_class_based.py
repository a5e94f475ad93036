import re
from collections import Counter, defaultdict

WORD = re.compile(r"[a-z']+")


class Stats:
    """Keeps per-user word statistics."""

    stop_words = frozenset({"the", "a", "an"})

    def __init__(self):
        self.by_user = defaultdict(Counter)

    def add(self, user, text):
        words = (w for w in WORD.findall(text.lower()) if w not in self.stop_words)
        self.by_user[user].update(words)

    def top(self, user, n=3):
        return self.by_user[user].most_common(n)


STATS = Stats()


def handler(event, context):
    STATS.add(event["user"], event["text"])
    return {"top": STATS.top(event["user"])}
