def handler(event, context):
    temp = 1

    def inner():
        inner_temp = 2
        return temp

    lam = lambda x: (y := x)
    return inner
