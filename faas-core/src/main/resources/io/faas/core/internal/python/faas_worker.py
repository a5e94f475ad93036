"""faas Python worker: runs function handlers for the faas Java SDK.

Protocol, on the stdin/stdout this process was started with: every frame is a 4-byte
big-endian length followed by that many bytes of UTF-8 JSON. The worker first sends
{"op": "ready"}, then answers each request frame with exactly one reply frame, in order:

  {"op": "ping", "id": n}    -> {"op": "pong", "id": n}
  {"op": "invoke", "id": n, "fn", "version", "hash", "handler", "source"?, "event",
   "ctx": {...}, "log_limit": n, "env"?: {name: value}}
                             -> {"id": n, "status": "SUCCEEDED", "result": <json>, "logs",
                                 "truncated", "cold", "loaded"}
                              | {"id": n, "status": "FAILED", "error": {"type", "message",
                                 "traceback"}, "logs", "truncated", "cold", "loaded"}
                              | {"id": n, "status": "NEED_SOURCE"} when "source" was left out
                                 but the module for "hash" is not loaded here (nor readable
                                 from the code directory)

A request may name its code instead of carrying it: "code_ref" is the SHA-256 (hex) of the
source's UTF-8 bytes, and the worker reads <code-dir>/<code_ref>/main.py, checking the hash.
Remote hosts get each function version's code once that way (uploaded by SFTP).

"env" holds the function's environment variables and secrets: os.environ is the worker's own
environment plus these while the module loads and the handler runs, and the worker's own again
after the call, whatever the function changed in it.

Usage: faas_worker.py [--once] [--memory-limit-mb N] [--max-modules N] [--code-dir DIR]
                      [--private-dir-root DIR] [--session-leader]

--private-dir-root: run in a fresh private directory below DIR (also HOME and TMPDIR), removed
at exit. --session-leader: this process leads its own session (as over SSH). Then SIGTERM, or
the other end hanging up its input while a call runs (how the JVM ends a remote call that timed
out, or what a dead connection does), kills the whole process group, so whatever a function
started dies with the worker.

Standard library only; runs on Python 3.9 and later.
"""

import os
import sys


def _claim_protocol_fds():
    # Private copies of the pipes to the JVM (os.dup makes them non-inheritable), then fd 0 and
    # fd 1 are pointed elsewhere, so nothing a function does -- print to sys.__stdout__,
    # os.write(1, ...), input(), a child process that inherits fd 1 -- can touch the protocol.
    proto_in = os.dup(0)
    proto_out = os.dup(1)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(2, 1)
    return proto_in, proto_out


_PROTO_IN, _PROTO_OUT = _claim_protocol_fds()

import faulthandler  # noqa: E402  (imported after the descriptors are safe)
import hashlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import linecache  # noqa: E402
import logging  # noqa: E402
import re  # noqa: E402
import select  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import struct  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
import types  # noqa: E402
from collections import OrderedDict  # noqa: E402

_THIS_FILE = __file__ if "__file__" in globals() else ""
_HEADER = struct.Struct(">I")
# Replies larger than this are replaced by a ResultTooLarge failure; the JVM refuses bigger frames.
_MAX_REPLY_BYTES = 32 * 1024 * 1024
_REAL_STDERR = sys.stderr
_limit_mb = 0  # the RLIMIT_AS this worker runs under, for MemoryError messages
_busy = False  # whether a request is being handled, for the hang-up watchdog
_base_env = {}  # the worker's own environment, which os.environ returns to after every call
_base_data = {}  # the same as os.environ._data holds it, for a cheap comparison
_CODE_REF = re.compile(r"[0-9a-f]{64}\Z")


# ---------------------------------------------------------------------------------------------
# Framing


def _read_exactly(fd, n):
    chunks = []
    while n > 0:
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def _receive():
    header = _read_exactly(_PROTO_IN, 4)
    if header is None:
        return None
    (length,) = _HEADER.unpack(header)
    body = _read_exactly(_PROTO_IN, length)
    if body is None:
        return None
    return json.loads(body.decode("utf-8"))


def _send_text(text):
    # A lone surrogate that a function put into a string cannot be encoded as UTF-8; written as
    # a backslash-u escape it is still valid JSON and reaches Java as the same char.
    data = text.encode("utf-8", "backslashreplace")
    payload = _HEADER.pack(len(data)) + data
    view = memoryview(payload)
    while view:
        written = os.write(_PROTO_OUT, view)
        view = view[written:]


# Built once: json.dumps with any non-default option builds a new encoder on every call.
_FRAME_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
# A whole successful reply in one pass; the result decides whether that works (NaN, sets, ...).
_REPLY_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _dumps(obj):
    return _FRAME_ENCODER.encode(obj)


# ---------------------------------------------------------------------------------------------
# Output capture


class _Capture:
    """What one invocation printed and logged, cut at a byte limit."""

    def __init__(self, limit):
        self.limit = max(0, int(limit))
        self.data = bytearray()
        self.truncated = False

    def write(self, text):
        if self.truncated or not text:
            return
        data = text.encode("utf-8", "backslashreplace")
        room = self.limit - len(self.data)
        if len(data) <= room:
            self.data += data
            return
        cut = room
        # Never keep half of a multi-byte character: back off to where it starts.
        while cut > 0 and (data[cut] & 0xC0) == 0x80:
            cut -= 1
        self.data += data[:cut]
        self.truncated = True

    def text(self):
        return self.data.decode("utf-8", "replace") if self.data else ""


_current = None  # the _Capture of the running invocation, or None between invocations


class _BinaryConsole:
    """sys.stdout.buffer for functions that write bytes."""

    def write(self, data):
        text = bytes(data).decode("utf-8", "replace")
        _CONSOLE.write(text)
        return len(data)

    def flush(self):
        pass


class _Console(io.TextIOBase):
    """Installed once as sys.stdout and sys.stderr.

    It forwards to the running invocation's capture, so a stream that a module grabbed at
    import time (logging.StreamHandler(), a saved sys.stdout) still lands in the right call.
    Between invocations (a leftover thread) it writes to the worker's stderr.
    """

    encoding = "utf-8"
    errors = "backslashreplace"

    def __init__(self):
        super().__init__()
        self.buffer = _BinaryConsole()

    def writable(self):
        return True

    def isatty(self):
        return False

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError("write() argument must be str, not %s" % type(text).__name__)
        capture = _current
        if capture is not None:
            capture.write(text)
        else:
            _REAL_STDERR.write(text)
        return len(text)

    def flush(self):
        if _current is None:
            _REAL_STDERR.flush()


_CONSOLE = _Console()


class _CaptureHandler(logging.Handler):
    def emit(self, record):
        try:
            _CONSOLE.write(self.format(record) + "\n")
        except Exception:  # logging must never break the call
            self.handleError(record)


def _install_console():
    sys.stdout = _CONSOLE
    sys.stderr = _CONSOLE
    handler = _CaptureHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    # context.logger.info(...) should be recorded without the function configuring logging.
    logging.getLogger("faas").setLevel(logging.INFO)


# ---------------------------------------------------------------------------------------------
# The context argument


class Context:
    """The second argument of handler(event, context)."""

    def __init__(self, ctx, deadline):
        self.function_name = ctx.get("function_name")
        self.function_version = ctx.get("function_version")
        self.topic = ctx.get("topic")
        self.partition = ctx.get("partition")
        self.offset = ctx.get("offset")
        self.key = ctx.get("key")
        self.event_id = ctx.get("event_id")
        self.headers = dict(ctx.get("headers") or {})
        self.attempt = ctx.get("attempt")
        self._logger = None
        self._deadline = deadline

    @property
    def logger(self):
        """A logging.Logger whose records go into this invocation's logs."""
        # Looked up on first use: most handlers never log, and getLogger takes a lock.
        if self._logger is None:
            self._logger = logging.getLogger("faas." + str(self.function_name))
        return self._logger

    @logger.setter
    def logger(self, value):
        self._logger = value

    def remaining_time(self):
        """Seconds left before this attempt is stopped."""
        return max(0.0, self._deadline - time.monotonic())

    def get_remaining_time_in_millis(self):
        return int(self.remaining_time() * 1000)

    def __repr__(self):
        return "Context(function_name=%r, function_version=%r, topic=%r, partition=%r, offset=%r, " \
               "event_id=%r, attempt=%r)" % (self.function_name, self.function_version, self.topic,
                                             self.partition, self.offset, self.event_id, self.attempt)


# ---------------------------------------------------------------------------------------------
# Modules


class _Loaded:
    __slots__ = ("module", "module_name", "filename")

    def __init__(self, module, module_name, filename):
        self.module = module
        self.module_name = module_name
        self.filename = filename


class _LoadFailed(Exception):
    def __init__(self, error):
        super().__init__(error["type"])
        self.error = error


class _Modules:
    """Function modules by source hash, least recently used first."""

    def __init__(self, capacity):
        self.capacity = max(1, capacity)
        self.entries = OrderedDict()

    def get(self, digest):
        entry = self.entries.get(digest)
        if entry is not None:
            self.entries.move_to_end(digest)
        return entry

    def load(self, fn, version, digest, source):
        # A name no real module has, so sys.modules never shadows or is shadowed by a library;
        # it is registered because dataclasses, pickle and typing look modules up there.
        module_name = "faas_fn_%s_%s" % (re.sub(r"\W", "_", str(fn)), str(digest)[:12])
        filename = "<function %s v%s>" % (fn, version)
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        module = types.ModuleType(module_name)
        sys.modules[module_name] = module
        try:
            code = compile(source, filename, "exec", dont_inherit=True)
            exec(code, module.__dict__)
        except BaseException as exc:
            # Formatted before the source leaves linecache, so the traceback shows the lines.
            error = _error(exc)
            sys.modules.pop(module_name, None)
            linecache.cache.pop(filename, None)
            raise _LoadFailed(error) from None
        entry = _Loaded(module, module_name, filename)
        self.entries[digest] = entry
        while len(self.entries) > self.capacity:
            _, old = self.entries.popitem(last=False)
            self._forget(old)
        return entry

    @staticmethod
    def _forget(entry):
        if sys.modules.get(entry.module_name) is entry.module:
            del sys.modules[entry.module_name]
        linecache.cache.pop(entry.filename, None)


# ---------------------------------------------------------------------------------------------
# Invocation


def _error(exc):
    try:
        tb = exc.__traceback__
        # The worker's own frames say nothing to the function's author.
        while tb is not None and tb.tb_frame.f_code.co_filename == _THIS_FILE:
            tb = tb.tb_next
        text = "".join(traceback.format_exception(type(exc), exc, tb))
    except BaseException:  # MemoryError while formatting: send what is cheap
        text = ""
    try:
        exc_message = str(exc)
    except BaseException:
        exc_message = "<unprintable %s>" % type(exc).__name__
    if isinstance(exc, MemoryError) and not exc_message:
        exc_message = "out of memory" + (" (address-space limit %d MiB)" % _limit_mb if _limit_mb else "")
    return {"type": type(exc).__name__, "message": exc_message, "traceback": text}


def _use_env(env):
    """Makes os.environ the worker's own environment plus env (a dict, or None for none)."""
    data = getattr(os.environ, "_data", None)  # CPython's encoded copy: comparing it costs 0.2 us, not 10
    if not env and (data == _base_data if data is not None else os.environ == _base_env):
        return  # the warm path of a function without variables: nothing to do
    target = _base_env if not env else dict(_base_env, **env)
    for name in [name for name in os.environ if name not in target]:
        del os.environ[name]
    for name, value in target.items():
        if os.environ.get(name) != value:
            os.environ[name] = value


def _simple_error(type_name, message):
    return {"type": type_name, "message": message, "traceback": ""}


def _read_code(code_dir, ref):
    """The source named by ref in the code directory, or None when it is not there intact."""
    if not code_dir or not isinstance(ref, str) or not _CODE_REF.match(ref):
        return None
    try:
        with open(os.path.join(code_dir, ref, "main.py"), "rb") as f:
            data = f.read()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != ref:
        return None
    return data.decode("utf-8")


class Worker:
    def __init__(self, max_modules, code_dir=None):
        self.modules = _Modules(max_modules)
        self.code_dir = code_dir

    def handle(self, request):
        op = request.get("op")
        if op == "invoke":
            return self.invoke(request)
        if op == "ping":
            return _dumps({"id": request.get("id"), "op": "pong"})
        return _dumps({"id": request.get("id"), "status": "FAILED", "cold": False, "loaded": False,
                       "logs": "", "truncated": False,
                       "error": _simple_error("ProtocolError", "unknown op %r" % (op,))})

    def invoke(self, request):
        global _current
        rid = request.get("id")
        ctx = request.get("ctx") or {}
        deadline = time.monotonic() + float(ctx.get("timeout_ms") or 0) / 1000.0
        fn = request.get("fn")
        version = request.get("version")
        digest = request.get("hash")
        handler_name = request.get("handler") or "handler"
        entry = self.modules.get(digest)
        if entry is None and request.get("source") is None:
            source = _read_code(self.code_dir, request.get("code_ref"))
            if source is None:
                return _dumps({"id": rid, "status": "NEED_SOURCE"})
            request["source"] = source

        capture = _Capture(request.get("log_limit", 65536))
        cold = entry is None
        outcome = {"id": rid, "cold": cold}
        result = None
        _current = capture
        _use_env(request.get("env"))
        try:
            if entry is None:
                try:
                    entry = self.modules.load(fn, version, digest, request["source"])
                except _LoadFailed as failed:
                    outcome["status"] = "FAILED"
                    outcome["error"] = failed.error
            if entry is not None:
                handler = getattr(entry.module, handler_name, None)
                if handler is None or not callable(handler):
                    outcome["status"] = "FAILED"
                    what = "no" if handler is None else "a non-callable (%s)" % type(handler).__name__
                    outcome["error"] = _simple_error(
                        "HandlerNotFound",
                        "function '%s' has %s '%s' at module level; define def %s(event, context)"
                        % (fn, what, handler_name, handler_name))
                else:
                    try:
                        result = handler(request.get("event"), Context(ctx, deadline))
                    except BaseException as exc:
                        outcome["status"] = "FAILED"
                        outcome["error"] = _error(exc)
                    else:
                        outcome["status"] = "SUCCEEDED"
        finally:
            _current = None
            _use_env(None)
        outcome["loaded"] = entry is not None and self.modules.get(digest) is entry
        outcome["logs"] = capture.text()
        outcome["truncated"] = capture.truncated
        reply = None
        if outcome["status"] == "SUCCEEDED":
            outcome["result"] = result
            try:
                reply = _REPLY_ENCODER.encode(outcome)
            except (TypeError, ValueError, RecursionError) as exc:
                del outcome["result"]
                outcome["status"] = "FAILED"
                outcome["error"] = _simple_error(
                    "TypeError",
                    "handler of function '%s' returned a value that is not JSON-serializable: %s" % (fn, exc))
            except BaseException as exc:
                del outcome["result"]
                outcome["status"] = "FAILED"
                outcome["error"] = _error(exc)
        if reply is None:
            reply = _dumps(outcome)
        # Cheap test first: one char is at most 6 bytes on the wire (a backslash-u escape).
        if len(reply) > _MAX_REPLY_BYTES // 6 and len(reply.encode("utf-8", "backslashreplace")) > _MAX_REPLY_BYTES:
            outcome["status"] = "FAILED"
            outcome["logs"] = ""
            outcome["truncated"] = capture.truncated or bool(capture.data)
            outcome["error"] = _simple_error(
                "ResultTooLarge", "reply of function '%s' is over %d bytes" % (fn, _MAX_REPLY_BYTES))
            reply = _dumps(outcome)
        return reply


# ---------------------------------------------------------------------------------------------
# Main


def _arg(argv, name, default, kind=int):
    if name in argv:
        index = argv.index(name)
        if index + 1 < len(argv):
            return kind(argv[index + 1])
    return default


def _lead_session():
    try:
        os.setsid()
    except OSError:
        pass  # already a session leader (sshd makes every session one)

    def _kill_group(signum, frame):
        os.killpg(os.getpgid(0), signal.SIGKILL)

    signal.signal(signal.SIGTERM, _kill_group)
    watchdog = threading.Thread(target=_watch_for_hangup, name="faas-hangup-watchdog", daemon=True)
    watchdog.start()


def _watch_for_hangup():
    # Polled for no event: only a hang-up (no writer left on the request pipe) wakes it, never a
    # request, so it does not compete with the main thread's reads.
    poller = select.poll()
    poller.register(_PROTO_IN, 0)
    while True:
        events = poller.poll()
        if any(mask & (select.POLLHUP | select.POLLERR | select.POLLNVAL) for _, mask in events):
            if _busy:
                os.killpg(os.getpgid(0), signal.SIGKILL)
            return  # idle: the main thread reads the end of input and exits normally


def _enter_private_dir(root):
    os.makedirs(root, exist_ok=True)
    private = tempfile.mkdtemp(prefix="worker-", dir=root)
    os.chdir(private)
    os.environ["HOME"] = private
    os.environ["TMPDIR"] = private
    tempfile.tempdir = None
    return private


def main(argv):
    global _limit_mb, _busy, _base_env, _base_data
    once = "--once" in argv
    limit_mb = _arg(argv, "--memory-limit-mb", 0)
    max_modules = _arg(argv, "--max-modules", 64)
    code_dir = _arg(argv, "--code-dir", None, os.path.abspath)
    private_root = _arg(argv, "--private-dir-root", None, os.path.abspath)
    if "--session-leader" in argv:
        _lead_session()
    private = _enter_private_dir(private_root) if private_root else None
    _base_env = dict(os.environ)
    _base_data = dict(getattr(os.environ, "_data", {}))
    if limit_mb > 0:
        import resource
        limit = limit_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        _limit_mb = limit_mb
    # The script's own directory holds nothing a function should import.
    script_dir = os.path.dirname(os.path.abspath(_THIS_FILE)) if _THIS_FILE else None
    if sys.path and script_dir and os.path.abspath(sys.path[0] or ".") == script_dir:
        del sys.path[0]
    # A segfault in a C extension then leaves the Python stack on stderr, which the JVM keeps
    # for the WorkerCrashed message.
    faulthandler.enable(file=_REAL_STDERR)
    _install_console()
    worker = Worker(max_modules, code_dir)
    _send_text(_dumps({"op": "ready", "pid": os.getpid(), "python": "%d.%d.%d" % sys.version_info[:3]}))
    while True:
        try:
            request = _receive()
        except (ValueError, UnicodeDecodeError) as exc:
            _REAL_STDERR.write("faas worker: unreadable request frame: %s\n" % exc)
            _REAL_STDERR.flush()
            os._exit(65)
        if request is None:
            break
        _busy = True
        reply = worker.handle(request)
        _busy = False
        _send_text(reply)
        if once:
            break
    _REAL_STDERR.flush()
    if private:
        shutil.rmtree(private, ignore_errors=True)
    # Threads a function left behind must not keep the process alive.
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
