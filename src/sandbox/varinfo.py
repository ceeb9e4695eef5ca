# Variables after a block, with a type and a short repr (runs in the scaffold's namespace, after prelude.py).
# It shares one namespace with prelude.py and context.py: a top-level name here must not reuse one of theirs.
#
# Everything here runs on every block, on whatever the model made, so it must be cheap and bounded whatever the
# values are: a 100 MB str is shown as its head and length (never repr'd whole), containers show a few items in
# their own order (reprlib would sort a dict or set first: seconds for millions of keys), and user code reached
# through __repr__ is time-boxed (a trace hook raises once the budget is spent) and may raise or print: the block's
# result never depends on it. Only the model's own things are listed: no scaffold, no modules, no imported
# functions or classes (a function or class defined in the REPL is listed, as type 'function' / 'class').
import reprlib
import sys
import time
import types
from contextlib import redirect_stderr, redirect_stdout

_INFO = {"items": 50, "type_chars": 60, "repr_chars": 120, "budget_s": 0.1, "per_var_s": 0.02}
_HEAD = 60


class _ReprOutOfTime(Exception):
    pass


class _ShortRepr(reprlib.Repr):
    def __init__(self):
        super().__init__(maxlevel=2, maxtuple=4, maxlist=4, maxarray=4, maxdict=4, maxset=4, maxfrozenset=4,
                         maxdeque=4, maxstring=80, maxlong=40, maxother=80)

    def repr_dict(self, x, level):
        if not x:
            return "{}"
        if level <= 0:
            return "{...}"
        items = []
        for i, key in enumerate(x):  # insertion order, no sort
            if i >= self.maxdict:
                items.append("...")
                break
            items.append(f"{self.repr1(key, level - 1)}: {self.repr1(x[key], level - 1)}")
        return "{" + ", ".join(items) + "}"

    def _unsorted(self, x, level, left, right, maxn):
        if not x:
            return left + right if left != "{" else "set()"
        if level <= 0:
            return left + "..." + right
        parts = []
        for i, item in enumerate(x):
            if i >= maxn:
                parts.append("...")
                break
            parts.append(self.repr1(item, level - 1))
        return left + ", ".join(parts) + right

    def repr_set(self, x, level):
        return self._unsorted(x, level, "{", "}", self.maxset)

    def repr_frozenset(self, x, level):
        return "frozenset(" + self._unsorted(x, level, "{", "}", self.maxfrozenset) + ")" if x else "frozenset()"

    def repr_int(self, x, level):
        if x.bit_length() > 128:  # repr of a huge int is quadratic (and refused beyond 4,300 digits)
            return f"<int of {x.bit_length():,} bits>"
        return super().repr_int(x, level)

    def repr_instance(self, x, level):
        if issubclass(type(x), (str, bytes, bytearray)):  # subclasses reach here; repr would copy them whole
            return _head_repr(x)
        text = repr(x)  # unlike reprlib's, lets a failing __repr__ raise, so the entry says it failed
        return text if len(text) <= self.maxother else text[: self.maxother - 1] + "…"

    def repr_str(self, x, level):
        return _head_repr(x) if len(x) > self.maxstring else super().repr_str(x, level)

    repr_bytes = repr_bytearray = repr_instance


def _head_repr(x):
    """A str/bytes as its head and size; slicing first keeps it O(head) whatever the length."""
    is_str = issubclass(type(x), str)
    head = str(x[:_HEAD]) if is_str else bytes(x[:_HEAD])
    r = repr(head)
    if len(x) <= _HEAD and len(r) <= _INFO["repr_chars"]:
        return r
    size = f" ({len(x):,} {'chars' if is_str else 'bytes'})"
    return f"{r[:-1][: _INFO['repr_chars'] - len(size) - 2]}…{r[-1]}{size}"


_var_repr = _ShortRepr()


# Only type(v) is looked at before the time box is armed: isinstance() may call a hostile `__class__` property.
_NOT_DATA = (types.ModuleType, types.BuiltinFunctionType, types.MethodType, types.MethodWrapperType,
             types.WrapperDescriptorType, types.MethodDescriptorType)
_type_name = type.__dict__["__name__"].__get__
_type_module = type.__dict__["__module__"].__get__


def _listed(v):
    t = type(v)
    if t is types.FunctionType:  # defined in a REPL block, not imported
        return v.__code__.co_filename.startswith("<repl-")
    if issubclass(t, type):
        m = _type_module(v)
        return type(m) is str and m == "__main__"
    return not issubclass(t, _NOT_DATA)


def _type_of(v):
    t = type(v)
    if t is types.FunctionType:
        return "function"
    return "class" if issubclass(t, type) else _type_name(t)[: _INFO["type_chars"]]


def _repr_of(v):
    t = type(v)
    if t is types.FunctionType:
        return f"<function {v.__name__}>"[: _INFO["repr_chars"]]
    if issubclass(t, type):
        return f"<class {_type_name(v)}>"[: _INFO["repr_chars"]]
    text = _var_repr.repr(v)
    if type(text) is not str:
        return "<repr is not a str>"
    return text if len(text) <= _INFO["repr_chars"] else text[: _INFO["repr_chars"] - 1] + "…"


class _Deadline:
    """The trace hook: while armed, raises in Python code (a model's __repr__, a library's) once `at` has passed.
    The scaffold's own frames are not line-traced (so it is never interrupted mid-handler) and the clock is read
    every 32 events, so ordinary reprs stay cheap."""

    def __init__(self, end):
        self.end, self.at, self.n, self.armed = end, 0.0, 0, False

    def __call__(self, frame, event, arg):
        self.n += 1
        if self.armed and not self.n & 31 and time.perf_counter() > self.at:
            self.armed = False
            raise _ReprOutOfTime()
        return None if frame.f_code.co_filename == _SCAFFOLD_FILE else self


_SCAFFOLD_FILE = _Deadline.__call__.__code__.co_filename


def _one(name, v, deadline):
    deadline.at = min(time.perf_counter() + _INFO["per_var_s"], deadline.end)
    deadline.armed = True
    try:
        return {"name": name, "type": _type_of(v), "repr": _repr_of(v)}
    except _ReprOutOfTime:
        why = "<repr took too long>"
    except BaseException as e:  # noqa: BLE001 - a model's __repr__ may raise anything; the block is unaffected
        why = f"<repr failed: {_type_name(type(e))}>"[: _INFO["repr_chars"]]
    finally:
        deadline.armed = False
    return {"name": name, "type": _type_of(v), "repr": why}


def variable_info(names, ns):
    """[{name, type, repr}] for up to _INFO["items"] of `names` (already filtered by _user_vars)."""
    out = []
    deadline = _Deadline(time.perf_counter() + _INFO["budget_s"])
    sink = _Capped(1_000)  # whatever a __repr__ prints goes nowhere
    old = sys.gettrace()
    try:
        with redirect_stdout(sink), redirect_stderr(sink):
            sys.settrace(deadline)
            for name in names:
                if len(out) >= _INFO["items"]:
                    break
                v = ns.get(name)
                if not _listed(v):
                    continue
                if time.perf_counter() > deadline.end:
                    out.append({"name": name, "type": _type_of(v), "repr": "<not shown: out of time>"})
                    continue
                out.append(_one(name, v, deadline))
    except BaseException:  # noqa: BLE001 - e.g. a stop that lands here: keep what we have
        pass
    finally:
        sys.settrace(old)
    return out
