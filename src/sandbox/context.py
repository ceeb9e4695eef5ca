# Loading the user's data as `context` (runs in the same namespace as prelude.py, after it).
#
# The worker's JS (context-stream.ts) reads each file in slices and writes them straight into memory Python owns:
# no JS copy of the whole file, no JS string (V8 caps strings at 512 MiB; Pyodide copies them 4 bytes per char).
# That memory is a fresh, not yet filled ASCII str (PyUnicode_New, as CPython fills a str it builds), so an ASCII
# file - the common case - needs no decode and no second copy: its bytes already are the str. Anything else is
# decoded from that buffer (bytes + text at once, 2x).
# JS drives it: load_begin(files, slot) -> per file load_open(i) (the buffer), writes, load_close(i) -> load_finish().
# Sessions: slot 0 is `context` (a new session: variables and extra contexts are cleared); slot n binds `context_n`
# in the root namespace and keeps the variables.
import ctypes
import json
import sys

_PREVIEW = 500
_WIDE_WARN_CHARS = 50_000_000
_BOM = b"\xef\xbb\xbf"


def _ascii_str_maker():
    """(PyUnicode_New, offset of the chars in a compact ASCII str), after a self-test; None means use a bytearray."""
    try:
        new = ctypes.pythonapi.PyUnicode_New
        new.restype = ctypes.py_object
        new.argtypes = (ctypes.c_ssize_t, ctypes.c_uint32)
        offset = sys.getsizeof("") - 1  # the header, then the chars and a NUL
        probe = new(4, 127)
        ctypes.memmove(id(probe) + offset, b"b\ncd", 4)
        return (new, offset) if probe == "b\ncd" and len(probe) == 4 else None
    except Exception:  # noqa: BLE001 - any trouble here only costs the fast path
        return None


_ASCII_STR = _ascii_str_maker()


class ContextLoadError(Exception):
    def __init__(self, code, file, message):
        super().__init__(message)
        self.code, self.file = code, file


class _Sink:
    """One file's bytes in Python-owned memory; JS writes them through the buffer protocol (PyProxy.getBuffer)."""

    def __init__(self, size):
        self.str = None
        if size > 0 and _ASCII_STR is not None:
            new, offset = _ASCII_STR
            self.str = new(size, 127)  # MemoryError if the heap can't hold it
            # A view of the str's chars; it holds no reference, so self.str must outlive every use of it.
            self.buffer = (ctypes.c_ubyte * size).from_address(id(self.str) + offset)
        else:
            self.buffer = bytearray(size)

    def text(self, name, ascii, warnings):
        """`ascii`: JS saw no byte >= 0x80 (exact, context-stream.ts scanSlice), so the str may keep the bytes."""
        view = memoryview(self.buffer)
        try:
            if self.str is not None and ascii:
                return self.str  # the bytes are the str's characters already
            return _decode(name, view, warnings)
        finally:
            view.release()
            self.buffer = self.str = None


def _decode(name, view, warnings):
    bom = 3 if view[:3] == _BOM else 0  # a BOM would otherwise break json.loads and pollute context[0]
    try:
        return str(view[bom:], "utf-8")
    except UnicodeDecodeError as e:
        warnings.append(f"{_short(name)}: not valid UTF-8 (first bad byte at offset {bom + e.start:,}); "
                        "invalid bytes were replaced with U+FFFD.")
        return str(view[bom:], "utf-8", "replace")


def _short(name):
    return name if len(name) <= 200 else name[:200] + "…"


def _parse(name, fmt, text):
    if fmt == "jsonl":
        return _parse_jsonl(name, text)
    if fmt != "json":
        return text
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise ContextLoadError("bad-json", _short(name), f"{_short(name)} is not valid JSON: {e.msg} at line "
                               f"{e.lineno}, column {e.colno}. You can load it as plain text instead.") from None


def _parse_jsonl(name, text):
    """JSON Lines: a list with one value per non-blank line; the first bad line is named."""
    out = []
    for i, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError as e:
            raise ContextLoadError("bad-json", _short(name), f"{_short(name)} is not valid JSON Lines: line {i}: "
                                   f"{e.msg} at column {e.colno}. You can load it as plain text instead.") from None
    return out


def _width_warning(name, text, warnings):
    """One non-Latin-1 char makes CPython store the whole str at 2 or 4 bytes per char: say so for big files."""
    if len(text) < _WIDE_WARN_CHARS:
        return
    per_char = (sys.getsizeof(text) - sys.getsizeof("")) / max(len(text), 1)
    if per_char > 1.5:
        warnings.append(f"{_short(name)}: contains characters outside Latin-1, so Python keeps it at ~{per_char:.0f} bytes "
                        f"per character ({sys.getsizeof(text) / 1e6:,.0f} MB in memory).")


def _unique(name, taken):
    if name not in taken:
        return name
    i = 2
    while f"{name} ({i})" in taken:
        i += 1
    return f"{name} ({i})"


def _meta(name, ctx, stats, warnings):
    meta = {"name": name, "pyType": type(ctx).__name__, "totalChars": stats["chars"], "lines": stats["lines"],
            "bytes": stats["bytes"], "head": stats["head"], "tail": stats["tail"], "warnings": warnings}
    if isinstance(ctx, (dict, list)):
        meta["items"] = len(ctx)
    return meta


class _Load:
    """One load_context operation: files arrive one at a time, each into its own _Sink."""

    def __init__(self, files, slot):
        self.slot = slot
        self.files = [(str(f["name"]), str(f["format"]), int(f["size"])) for f in files]
        names = [name for name, _, _ in self.files]
        self.label = names[0] if len(names) == 1 else f"{len(names)} files: " + ", ".join(names)
        self.values, self.warnings, self.sink, self.error = {}, [], None, None
        self.stats = {"chars": 0, "lines": 0, "bytes": 0, "head": "", "tail": ""}

    def add(self, i, text, newlines):
        name, fmt, size = self.files[i]
        _width_warning(name, text, self.warnings)
        st = self.stats
        st["bytes"] += size
        st["chars"] += len(text)
        st["lines"] += newlines + (1 if text and not text.endswith("\n") else 0)
        if i == 0:
            st["head"] = text[:_PREVIEW]
        st["tail"] = text[-_PREVIEW:] if len(text) > _PREVIEW else ""
        self.values[_unique(name, self.values)] = _parse(name, fmt, text)

    def fail(self, code, file, message):
        self.error = {"ok": False, "code": code, "file": file, "message": message}
        self.sink = None
        self.values = {}


_load = None


def _out_of_memory(load):
    load.fail("too-large", _short(load.label),
              "Out of memory while loading the context (the Python heap is limited to 4 GB).")


def load_begin(files_json, slot=0):
    """Drop the old context of that slot (peak memory is one context, not two); slot 0 starts a fresh namespace."""
    global _load
    _load = None
    root = _NS[0]
    if slot == 0:
        root.context = ""  # no file (or a failed load) means an empty str, never None
        reset_vars()
    else:
        root.extra.pop(slot, None)
        _bind_scaffold(root, fresh_answer=False)
    files = json.loads(files_json)
    _load = _Load(files, slot) if files else None


def load_open(i):
    """The buffer JS writes file i into, or None once the load has failed."""
    load = _load
    if load is None or load.error:
        return None
    try:
        load.sink = _Sink(load.files[i][2])
    except (MemoryError, OverflowError):
        _out_of_memory(load)
        return None
    return load.sink.buffer


def load_close(i, ascii, newlines):
    """File i is written (JS scanned it: all ASCII?, how many "\\n"): decode unless ASCII, then parse.
    False once the load has failed."""
    load = _load
    if load is None or load.error or load.sink is None:
        return False
    try:
        sink, load.sink = load.sink, None
        load.add(i, sink.text(load.files[i][0], bool(ascii), load.warnings), int(newlines))
        return True
    except ContextLoadError as e:
        load.fail(e.code, e.file, str(e))
    except MemoryError:
        _out_of_memory(load)
    return False


def load_fail(message):
    """JS could not read a file (it vanished or changed on disk)."""
    if _load is not None:
        _load.fail("failed", _short(_load.label), str(message))


def load_finish():
    """Installs the context (or reports why not); returns JSON."""
    global _load
    load, _load = _load, None
    if load is None:
        return json.dumps({"ok": True, "meta": None})
    if load.error:
        return json.dumps(load.error)
    values = load.values
    ctx = next(iter(values.values())) if len(values) == 1 else values
    root = _NS[0]
    if load.slot == 0:
        root.context = ctx
        reset_vars()
    else:
        root.extra[load.slot] = ctx
        _bind_scaffold(root, fresh_answer=False)
    return json.dumps({"ok": True, "meta": _meta(load.label[:500], ctx, load.stats, load.warnings)})
