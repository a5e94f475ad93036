# just a comment
# type: ignore
