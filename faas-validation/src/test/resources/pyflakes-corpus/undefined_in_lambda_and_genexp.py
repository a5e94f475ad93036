sorter = lambda item: key_of(item)
total = sum(weight(x) for x in range(3))


def handler(event, context):
    return sorted(event, key=sorter), total
