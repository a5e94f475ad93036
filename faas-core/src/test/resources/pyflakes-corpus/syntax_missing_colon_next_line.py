class Handler
    pass
