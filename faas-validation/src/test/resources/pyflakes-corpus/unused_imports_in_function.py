def handler(event, context):
    import hashlib
    from base64 import b64encode, b64decode
    import hmac as mac
    return b64encode(event["data"])


class Plugin:
    import logging
    from typing import Any
