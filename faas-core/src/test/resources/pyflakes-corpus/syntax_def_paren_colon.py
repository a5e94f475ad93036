def handler(:
    pass
