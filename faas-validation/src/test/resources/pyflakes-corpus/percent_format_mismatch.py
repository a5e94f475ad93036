def handler(event, context):
    a = "%s %s" % (1,)
    b = "%s" % (1, 2)
    c = "%(name)s %(age)d" % {"name": "x"}
    d = "%(name)s" % {"name": "x", "extra": 1}
    e = "%s %(name)s" % (1,)
    f = "%y" % 1
    g = "%(a)s" % (1,)
    h = "%s %s" % {"a": 1}
    i = "%" % ()
    j = "%*d" % {"a": 1}
    k = "%.*f %s" % (2, 1.0, "x")
    ok = "%d%%" % (5,)
    return a, b, c, d, e, f, g, h, i, j, k, ok
