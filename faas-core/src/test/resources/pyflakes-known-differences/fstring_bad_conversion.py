x = f"{event!z}"
