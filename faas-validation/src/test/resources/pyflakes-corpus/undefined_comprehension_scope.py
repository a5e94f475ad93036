def handler(event, context):
    squares = [n * n for n in event["numbers"]]
    evens = {k: v for k, v in event.items() if v % 2 == 0}
    print(n, k)
    return squares, evens, [y for y in range(3)], y
