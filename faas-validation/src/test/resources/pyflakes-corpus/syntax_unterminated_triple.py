DOC = """never
closed
