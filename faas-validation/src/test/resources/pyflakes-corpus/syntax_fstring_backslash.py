x = f"{chr(10)!r}" + f"{'\n'.join(lines)}"
