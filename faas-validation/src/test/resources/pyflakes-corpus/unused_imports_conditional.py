import sys

if sys.version_info >= (3, 8):
    from importlib import metadata
else:
    import importlib_metadata as metadata

if sys.platform == "win32":
    import winreg


def handler(event, context):
    return metadata.version("pip")
