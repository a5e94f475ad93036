x = f"{event"
