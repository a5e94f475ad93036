return 1
yield 2
x = 3
break
continue
await something


class Holder:
    return 4
    yield 5


for i in range(3):
    pass
else:
    break

while True:
    def inner():
        continue
    break


def handler(event, context):
    return [(yield) for _ in range(2)]
