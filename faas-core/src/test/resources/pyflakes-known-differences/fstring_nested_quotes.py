x = f"{event["id"]}"
