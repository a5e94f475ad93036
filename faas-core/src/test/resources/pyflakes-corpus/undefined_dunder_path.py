print(__path__)
