def handler(event, context):
    name = event.get("name", "world")
    greeting = "Hello, %s! You are %d." % (name, event.get("age", 0))
    detail = "{0} has {count} items".format(name, count=len(event))
    named = "%(who)s at %(where)s" % {"who": name, "where": "home"}
    width = 10
    padded = f"{name:>{width}}|{name!r}"
    return "\n".join([greeting, detail, named, padded])
