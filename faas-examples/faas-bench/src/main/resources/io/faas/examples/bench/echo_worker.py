"""The baseline of the worker-call-overhead row: the least a Python process must do to answer
faas' invoke frames. Same framing as faas_worker.py (4-byte big-endian length, UTF-8 JSON) on
the same kind of pipe; it decodes the request, calls the handler and encodes a reply of the same
shape, and does nothing else (no output capture, no context object, no module cache)."""

import json
import os
import struct
import sys

_HEADER = struct.Struct(">I")


def _read_exactly(fd, n):
    chunks = []
    while n > 0:
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def handler(event, context):
    return {"n": event["n"] + 1}


def main():
    fd_in = sys.stdin.fileno()
    fd_out = sys.stdout.fileno()
    ready = json.dumps({"op": "ready"}).encode("utf-8")
    os.write(fd_out, _HEADER.pack(len(ready)) + ready)
    while True:
        header = _read_exactly(fd_in, 4)
        if header is None:
            break
        body = _read_exactly(fd_in, _HEADER.unpack(header)[0])
        if body is None:
            break
        request = json.loads(body.decode("utf-8"))
        result = handler(request["event"], request["ctx"])
        reply = json.dumps({"id": request["id"], "status": "SUCCEEDED", "cold": False, "loaded": True,
                            "logs": "", "truncated": False, "result": result},
                           ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        view = memoryview(_HEADER.pack(len(reply)) + reply)
        while view:
            view = view[os.write(fd_out, view):]


if __name__ == "__main__":
    main()
