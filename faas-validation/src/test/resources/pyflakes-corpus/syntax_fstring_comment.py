x = f"{event#}"
