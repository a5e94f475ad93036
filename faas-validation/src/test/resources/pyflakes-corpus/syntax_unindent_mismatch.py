def handler(event, context):
    if event:
        return 1
  return 0
