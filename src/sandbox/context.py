# Loading the user's data as `context` (runs in the same namespace as prelude.py, after it).
#
# The page transfers raw bytes (ArrayBuffer) and we decode UTF-8 here: ~10x faster and ~half the peak memory of
# building a JS string and converting it (Pyodide copies JS strings through a Uint32Array), and it sidesteps V8's
# 512 MiB string limit. See /work/shared/reference/browser-sandbox-facts.md, "Big contexts".
import json
import sys

_PREVIEW = 500
_WIDE_WARN_CHARS = 50_000_000


class ContextLoadError(Exception):
    def __init__(self, code, file, message):
        super().__init__(message)
        self.code, self.file = code, file


def _decode(name, data, warnings):
    try:
        return data.decode("utf-8-sig")  # -sig: a BOM would otherwise break json.loads and pollute context[0]
    except UnicodeDecodeError as e:
        warnings.append(f"{_short(name)}: not valid UTF-8 (first bad byte at offset {e.start:,}); "
                        "invalid bytes were replaced with U+FFFD.")
        return data.decode("utf-8-sig", errors="replace")


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


def _count_lines(text):
    return text.count("\n") + (1 if text and not text.endswith("\n") else 0)


def _load_files(files):
    """files: JS array of {name, format, data: ArrayBuffer}. Returns (context, stats)."""
    warnings, values = [], {}
    stats = {"chars": 0, "lines": 0, "bytes": 0, "head": "", "tail": ""}
    for i, f in enumerate(files):
        name, fmt = str(f.name), str(f.format)
        data = f.data.to_bytes()
        # Detach the JS buffer now: otherwise the page's copy, the bytes and the str are all alive while decoding
        # (measured: 500 MB peaks at 1.9 GB renderer RSS, 1.35 GB with this). Node 20 has no ArrayBuffer.transfer.
        if hasattr(f.data, "transfer"):
            f.data.transfer(0)
        stats["bytes"] += len(data)
        text = _decode(name, data, warnings)
        del data  # free the bytes before parsing: decoding already needed bytes + str at once
        _width_warning(name, text, warnings)
        stats["chars"] += len(text)
        stats["lines"] += _count_lines(text)
        if i == 0:
            stats["head"] = text[:_PREVIEW]
        stats["tail"] = text[-_PREVIEW:] if len(text) > _PREVIEW else ""
        values[_unique(name, values)] = _parse(name, fmt, text)
        del text
    if len(values) == 1:
        return next(iter(values.values())), stats, warnings
    return values, stats, warnings


def _meta(name, ctx, stats, warnings):
    meta = {"name": name, "pyType": type(ctx).__name__, "totalChars": stats["chars"], "lines": stats["lines"],
            "bytes": stats["bytes"], "head": stats["head"], "tail": stats["tail"], "warnings": warnings}
    if isinstance(ctx, (dict, list)):
        meta["items"] = len(ctx)
    return meta


def load_context(files):
    """Replace `context` and start a fresh namespace (a new context means a new run). Returns JSON."""
    _state["context"] = ""  # no file (or a failed load) means an empty str, never None
    reset_vars()  # drop the previous context before decoding the next: peak memory is one context, not two
    if not files or len(files) == 0:  # None, JS null or an empty list
        return json.dumps({"ok": True, "meta": None})
    names = [str(f.name) for f in files]
    label = names[0] if len(names) == 1 else f"{len(names)} files: " + ", ".join(names)
    try:
        ctx, stats, warnings = _load_files(files)
    except ContextLoadError as e:
        return json.dumps({"ok": False, "code": e.code, "file": e.file, "message": str(e)})
    except MemoryError:
        return json.dumps({"ok": False, "code": "too-large", "file": _short(label),
                           "message": "Out of memory while loading the context (the Python heap is limited to 4 GB)."})
    _state["context"] = ctx
    reset_vars()
    return json.dumps({"ok": True, "meta": _meta(label[:500], ctx, stats, warnings)})
