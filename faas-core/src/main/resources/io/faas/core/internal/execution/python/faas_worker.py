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

A function that is a package names its module instead: "module" is the dotted module that
defines "handler", imported from the package directory (--package-dir, first on sys.path), so
its other modules, data files and vendored packages are there too; further --package-dir
options are its layers (its resolved requirements.txt), after it on sys.path. A worker started
with a package serves that package only.

A request may name its code instead of carrying it: "code_ref" is the SHA-256 (hex) of the
source's UTF-8 bytes, and the worker reads <code-dir>/<code_ref>/main.py, checking the hash.
Remote hosts get each function version's code once that way (uploaded by SFTP).

"env" holds the function's environment variables and secrets: os.environ is the worker's own
environment plus these while the module loads and the handler runs, and the worker's own again
after the call, whatever the function changed in it.

Usage: faas_worker.py [--once] [--memory-limit-mb N] [--max-modules N] [--code-dir DIR] [--package-dir DIR]
                      [--private-dir-root DIR] [--session-leader]
                      [--max-file-size-mb N] [--max-processes N] [--max-open-files N]
                      [--cpu-seconds-per-call N]
                      [--sandbox auto|bubblewrap [--bwrap PATH] [--sandbox-user NAME|UID[:GID]]
                       [--tmp-size-mb N] [--network] [--prefix DIR]... [--hide DIR]...]

--sandbox: before anything else, the worker re-executes itself inside bubblewrap: read-only
binds of the system's library directories and of the interpreter's prefixes only, a private
size-capped tmpfs as working directory, HOME and TMPDIR, its own PID, IPC, UTS and (unless
--network) network namespace, a new session, killed with its parent. When this process runs as
root, the sandboxed worker switches to the --sandbox-user (default nobody) before it reads any
request. "auto" runs unsandboxed (with a line on stderr) when bwrap is not there; "bubblewrap"
exits with status 70 instead. The limits (--max-*, --cpu-seconds-per-call, --memory-limit-mb)
are set with setrlimit before any function code runs, sandboxed or not.

--private-dir-root: run in a fresh private directory below DIR (also HOME and TMPDIR), removed
at exit. --session-leader: this process leads its own session (as over SSH). Then SIGTERM, or
the other end hanging up its input while a call runs (how the JVM ends a remote call that timed
out, or what a dead connection does), kills the whole process group, so whatever a function
started dies with the worker.

Standard library only; runs on Python 3.9 and later.
"""

import os
import sys

_SANDBOX_EXIT = 70
# What a Python program needs of /etc; everything else there stays outside.
_ETC_FILES = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "timezone", "mime.types",
              "ssl", "ca-certificates", "ca-certificates.conf", "pki", "crypto-policies")
_ETC_NETWORK_FILES = ("resolv.conf", "hosts", "host.conf", "nsswitch.conf", "gai.conf", "services",
                      "protocols")
_SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
_SANDBOX_SCRIPT = "/faas/faas_worker.py"
_SANDBOX_PACKAGE = "/faas/package"
_SANDBOX_TMP = "/tmp"
# Options that only the outer stage reads; "--network" and "--probe" take no value.
_OUTER_OPTIONS = {"--sandbox": 1, "--bwrap": 1, "--sandbox-user": 1, "--tmp-size-mb": 1, "--prefix": 1,
                  "--hide": 1, "--private-dir-root": 1, "--network": 0, "--package-dir": 1}


def _option(argv, name, default=None):
    if name in argv:
        index = argv.index(name)
        if index + 1 < len(argv):
            return argv[index + 1]
    return default


def _find_executable(name):
    if "/" in name:
        return name if os.access(name, os.X_OK) else None
    for directory in os.environ.get("PATH", "/usr/bin:/bin").split(":"):
        candidate = os.path.join(directory or ".", name)
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def _sandbox_user(spec):
    """(uid, gid) of a user name or UID[:GID]."""
    if spec.replace(":", "").isdigit():
        uid, _, gid = spec.partition(":")
        return int(uid), int(gid or uid)
    import pwd
    entry = pwd.getpwnam(spec)
    return entry.pw_uid, entry.pw_gid


def _bind_with_parents(args, path, covered):
    """A read-only bind of path; its parents are made traversable (bwrap copies their modes)."""
    parts = path.strip("/").split("/")
    for i in range(1, len(parts)):
        parent = "/" + "/".join(parts[:i])
        if parent not in covered and not any(parent == d or parent.startswith(d + "/") for d in _SYSTEM_DIRS):
            args += ["--perms", "0755", "--dir", parent]
            covered.add(parent)
    args += ["--ro-bind", path, path]
    covered.add(path)


def _has_controlling_terminal():
    try:
        os.close(os.open("/dev/tty", os.O_RDONLY | os.O_NOCTTY))
        return True
    except OSError:
        return False


def _bwrap_args(bwrap, argv):
    network = "--network" in argv
    args = [bwrap, "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--hostname", "faas", "--die-with-parent"]
    if _has_controlling_terminal():
        # Else a function could push keystrokes into that terminal (TIOCSTI). Without one there is
        # nothing to protect, and a session of its own would also put the worker in a scheduler
        # autogroup of its own, which slows every call's hand-off between the JVM and the worker.
        args.append("--new-session")
    if not network:
        args.append("--unshare-net")
    if os.geteuid() == 0:
        # The worker itself switches to the sandbox user at once; these two go with the switch.
        args += ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    else:
        args += ["--unshare-user", "--disable-userns", "--cap-drop", "ALL"]
    covered = set()
    for directory in _SYSTEM_DIRS:
        if os.path.islink(directory):
            args += ["--symlink", os.readlink(directory), directory]
        elif os.path.isdir(directory):
            args += ["--ro-bind", directory, directory]
    # Directories inside the system binds that are none of the function's business (the JVM).
    for hidden in [argv[i + 1] for i, word in enumerate(argv[:-1]) if word == "--hide"]:
        hidden = os.path.realpath(hidden)
        if os.path.isdir(hidden) and hidden != "/":
            args += ["--tmpfs", hidden, "--remount-ro", hidden]
    # bwrap makes the parents of a file bind 0700: make these readable for the sandbox user.
    args += ["--perms", "0755", "--dir", "/etc", "--perms", "0755", "--dir", os.path.dirname(_SANDBOX_SCRIPT)]
    etc = _ETC_FILES + (_ETC_NETWORK_FILES if network else ())
    for name in os.listdir("/etc"):
        if name in etc or name.startswith("python3"):
            args += ["--ro-bind", "/etc/" + name, "/etc/" + name]
    prefixes = [argv[i + 1] for i, word in enumerate(argv[:-1]) if word == "--prefix"]
    prefixes += [sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix]
    executable = os.path.realpath(sys.executable)
    prefixes.append(os.path.dirname(os.path.dirname(executable)))
    for prefix in sorted({os.path.realpath(p) for p in prefixes if p}):
        if prefix != "/" and os.path.isdir(prefix) and not any(
                prefix == d or prefix.startswith(d + "/") for d in _SYSTEM_DIRS):
            _bind_with_parents(args, prefix, covered)
    code_dir = _option(argv, "--code-dir")
    if code_dir:
        # A host's first worker may start before any code was uploaded; a bind needs its source.
        os.makedirs(code_dir, exist_ok=True)
        _bind_with_parents(args, os.path.realpath(code_dir), covered)
    package_dirs = [argv[i + 1] for i, word in enumerate(argv[:-1]) if word == "--package-dir"]
    if package_dirs:
        # The function's own package and layers only, read-only, at paths that say nothing of the host.
        args += ["--perms", "0755", "--dir", _SANDBOX_PACKAGE]
    for index, package_dir in enumerate(package_dirs):
        args += ["--ro-bind", os.path.realpath(package_dir), "%s/%d" % (_SANDBOX_PACKAGE, index)]
    tmp_bytes = int(_option(argv, "--tmp-size-mb", "64")) * 1024 * 1024
    args += ["--ro-bind", os.path.realpath(sys.argv[0]), _SANDBOX_SCRIPT,
             "--dev", "/dev", "--proc", "/proc",
             "--perms", "1777", "--size", str(tmp_bytes), "--tmpfs", _SANDBOX_TMP,
             "--remount-ro", "/", "--chdir", _SANDBOX_TMP,
             "--setenv", "HOME", _SANDBOX_TMP, "--setenv", "TMPDIR", _SANDBOX_TMP, "--"]
    inner = [executable, _SANDBOX_SCRIPT, "--in-sandbox"]
    for index in range(len(package_dirs)):
        inner += ["--package-dir", "%s/%d" % (_SANDBOX_PACKAGE, index)]
    if os.geteuid() == 0:
        uid, gid = _sandbox_user(_option(argv, "--sandbox-user", "nobody"))
        inner += ["--drop-to", "%d:%d" % (uid, gid)]
    skip = 0
    for word in argv:
        if skip:
            skip -= 1
        elif word in _OUTER_OPTIONS:
            skip = _OUTER_OPTIONS[word]
        else:
            inner.append(word)
    return args + inner


def _enter_sandbox(argv):
    """Replaces this process with bwrap running the worker; returns only to run unsandboxed."""
    mode = _option(argv, "--sandbox")
    if mode not in ("auto", "bubblewrap"):
        sys.stderr.write("faas worker: unknown --sandbox %r\n" % (mode,))
        sys.exit(_SANDBOX_EXIT)
    bwrap = _find_executable(_option(argv, "--bwrap", "bwrap"))
    if bwrap is None:
        if mode == "bubblewrap":
            sys.stderr.write("faas worker: the sandbox needs bubblewrap, but '%s' is not there\n"
                             % _option(argv, "--bwrap", "bwrap"))
            sys.exit(_SANDBOX_EXIT)
        sys.stderr.write("faas worker: bubblewrap not found; running UNSANDBOXED\n")
        sys.stderr.flush()
        return
    try:
        args = _bwrap_args(bwrap, argv)
    except (KeyError, ValueError, OSError) as exc:
        sys.stderr.write("faas worker: cannot prepare the sandbox: %s\n" % exc)
        sys.exit(_SANDBOX_EXIT)
    sys.stderr.flush()
    os.execv(bwrap, args)


def _drop_privileges(spec):
    uid, _, gid = spec.partition(":")
    uid, gid = int(uid), int(gid)
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    if os.getuid() != uid or os.geteuid() != uid:
        raise SystemExit("faas worker: could not switch to uid %d" % uid)


if __name__ == "__main__" and "--sandbox" in sys.argv and "--in-sandbox" not in sys.argv:
    _enter_sandbox(sys.argv[1:])
if __name__ == "__main__" and "--drop-to" in sys.argv:
    # Before anything else runs in the sandbox: the sandbox user cannot take root back.
    _drop_privileges(_option(sys.argv, "--drop-to"))


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


_TRACEPARENT = re.compile(r"^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$")


def _trace_ids(traceparent):
    """(trace_id, span_id) of a valid W3C traceparent, else (None, None)."""
    match = _TRACEPARENT.match(traceparent) if isinstance(traceparent, str) else None
    if match is None or set(match.group(1)) == {"0"} or set(match.group(2)) == {"0"}:
        return None, None
    return match.group(1), match.group(2)


class _BatchItem:
    """One event of a batch, as context.batch lists it."""

    __slots__ = ("event_id", "topic", "partition", "offset", "key", "headers")

    def __init__(self, item):
        self.event_id = item.get("event_id")
        self.topic = item.get("topic")
        self.partition = item.get("partition")
        self.offset = item.get("offset")
        self.key = item.get("key")
        self.headers = dict(item.get("headers") or {})

    def __repr__(self):
        return "BatchItem(event_id=%r, topic=%r, partition=%r, offset=%r, key=%r)" % (
            self.event_id, self.topic, self.partition, self.offset, self.key)


def _batch_outcome(fn, result, size, outcome):
    """Checks a batch handler's list of results: an exception in an event's place fails that
    event alone (item_errors), anything but a list of one result per event fails the call."""
    if not isinstance(result, (list, tuple)) or len(result) != size:
        what = "a list of %d" % len(result) if isinstance(result, (list, tuple)) else type(result).__name__
        outcome["status"] = "FAILED"
        outcome["error"] = _simple_error(
            "BatchResultMismatch",
            "batch handler of function '%s' returned %s; it must return a list of %d results, one per event,"
            " in the order of the events" % (fn, what, size))
        return None
    results = list(result)
    errors = []
    for i, item in enumerate(results):
        if isinstance(item, BaseException):
            errors.append([i, _error(item)])
            results[i] = None
    if errors:
        outcome["item_errors"] = errors
    return results


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
        # A batch function's call: the events of the batch in the order of the handler's list, each
        # with event_id, topic, partition, offset, key and headers; event_id is then the batch id.
        self.batch = [_BatchItem(item) for item in ctx.get("batch") or ()]
        # This attempt's span, from the W3C traceparent faas puts in the headers; None without one.
        self.trace_id, self.span_id = _trace_ids(self.headers.get("traceparent"))
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
        return self._keep(digest, _Loaded(module, module_name, filename))

    def load_package(self, digest, module_name):
        # A real import from the package directory on sys.path: its modules import one another,
        # find their data files by __file__ and show their own file names in tracebacks.
        import importlib
        try:
            module = importlib.import_module(module_name)
        except BaseException as exc:
            raise _LoadFailed(_error(exc)) from None
        return self._keep(digest, _Loaded(module, module_name, "<package>"))

    def _keep(self, digest, entry):
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
        package_module = request.get("module")
        if entry is None and package_module is None and request.get("source") is None:
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
                    if package_module is not None:
                        entry = self.modules.load_package(digest, package_module)
                    else:
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
                        if ctx.get("batch") is not None:
                            result = _batch_outcome(fn, result, len(ctx["batch"]), outcome)
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


def _set_limits(memory_mb, file_size_mb, processes, open_files):
    """Operator limits, soft and hard alike so function code cannot raise them; 0 leaves one alone."""
    import resource
    for kind, value in ((resource.RLIMIT_AS, memory_mb * 1024 * 1024),
                        (resource.RLIMIT_FSIZE, file_size_mb * 1024 * 1024),
                        (resource.RLIMIT_NPROC, processes),
                        (resource.RLIMIT_NOFILE, open_files)):
        if value > 0:
            resource.setrlimit(kind, (value, value))


def _limit_cpu(seconds):
    # RLIMIT_CPU counts the whole life of the process, so each call gets "used so far + its
    # share"; past it the kernel sends SIGXCPU and the worker dies (a crash of this call).
    import resource
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(usage.ru_utime + usage.ru_stime) + seconds
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY and soft > hard:
        soft = hard
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _become_subreaper():
    """Orphans of a call are then re-parented to this worker, so one waitpid tells whether any is left."""
    try:
        import ctypes
        return ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


def _end_leftovers(subreaper):
    """Kills what a call left running: everything in the sandbox's PID namespace but its init and us.

    As a subreaper this worker is the parent of every process a call left, so when it has no
    child at all (one system call) there is nothing to do. Else kill(-1), which from inside a PID
    namespace reaches only that namespace, skipping its init and the caller.
    """
    if subreaper:
        try:
            os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
    try:
        os.kill(-1, signal.SIGKILL)
    except OSError:
        pass  # nothing left
    try:
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass  # zombies count against the process limit
    except ChildProcessError:
        pass


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
    if "--in-sandbox" in argv:
        os.environ.pop("PWD", None)  # set by bwrap's --chdir; the environment is the JVM's choice
    _base_env = dict(os.environ)
    _base_data = dict(getattr(os.environ, "_data", {}))
    if limit_mb > 0:
        _limit_mb = limit_mb
    # RLIMIT_NPROC counts every process of the user: outside the sandbox that user is the JVM's.
    processes = _arg(argv, "--max-processes", 0) if "--in-sandbox" in argv else 0
    _set_limits(limit_mb, _arg(argv, "--max-file-size-mb", 0), processes, _arg(argv, "--max-open-files", 0))
    cpu_seconds = _arg(argv, "--cpu-seconds-per-call", 0)
    sandboxed = "--in-sandbox" in argv
    # bwrap runs the command as pid 2 of a new PID namespace; on a host pid 2 is the kernel's, so
    # this never holds outside one, where kill(-1) would reach every process of the user.
    in_own_pid_namespace = sandboxed and os.getpid() == 2
    subreaper = in_own_pid_namespace and _become_subreaper()
    # The script's own directory holds nothing a function should import.
    script_dir = os.path.dirname(os.path.abspath(_THIS_FILE)) if _THIS_FILE else None
    if sys.path and script_dir and os.path.abspath(sys.path[0] or ".") == script_dir:
        del sys.path[0]
    package_dirs = [os.path.abspath(argv[i + 1]) for i, word in enumerate(argv[:-1]) if word == "--package-dir"]
    sys.path[0:0] = package_dirs
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
        if cpu_seconds > 0:
            _limit_cpu(cpu_seconds)
        reply = worker.handle(request)
        if in_own_pid_namespace:
            _end_leftovers(subreaper)
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
