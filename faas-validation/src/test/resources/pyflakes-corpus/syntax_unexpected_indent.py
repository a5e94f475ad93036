def handler(event, context):
    total = 0
      total += 1
    return total
