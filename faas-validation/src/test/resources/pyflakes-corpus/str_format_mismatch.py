def handler(event, context):
    a = "{} {}".format(1)
    b = "{0} {2}".format(1, 2, 3)
    c = "{name}".format(name=1, other=2)
    d = "{} {1}".format(1, 2)
    e = "{".format(1)
    f = "{0:{1}}".format(1, 2, 3)
    g = "{a.b[0]} {c[x]}".format(a=1, c=2)
    h = "{}".format(*event)
    i = "{x}".format(**event)
    j = "}".format()
    k = "{0:{1:{2}}}".format(1, 2, 3)
    ok = "{:>{width}}".format("x", width=3)
    return a, b, c, d, e, f, g, h, i, j, k, ok
