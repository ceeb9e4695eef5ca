# The Python scaffold around model-written code (RLM Studio sandbox).
#
# Runs once per interpreter in its own namespace; the model's code runs in a namespace of its own (_Ns.globals: the
# root's, and one per child run, see namespaces.py), so the scaffold's helpers stay out of its way. The JS side
# (src/sandbox/engine.ts) calls _setup(bridge, limits) once, then load_* / run_block / get_var / reset_vars. Every
# entry point returns a JSON string: one conversion, no PyProxy lifetimes to manage on the JS side.
#
# Choices (documented for the model-facing prompt):
# - The last expression of a block is echoed like a notebook cell (repr, abbreviated by reprlib) when it is not
#   None: models often end with `len(context)` or `context[:500]` and expect to see it. Use print() for anything else.
# - FINAL(x) / FINAL_VAR(name) record the answer and let the block finish; the run ends after the block. The official
#   `answer` dict works too: answer["ready"] = True ends the run with str(answer["content"]).
# - Exceptions give a short traceback: only frames of REPL code, at most 3, then the exception line; the run goes on.
# - Variables persist across blocks; loading a new context starts a fresh namespace. Reserved names (context,
#   llm_query, llm_query_batched, rlm_query*, FINAL, FINAL_VAR, SHOW_VARS, answer) are re-bound after every block.
# - stdout and stderr are capped per block; time.sleep and top-level `await` are allowed and stoppable.
import ast
import asyncio
import builtins
import inspect
import json
import linecache
import reprlib
import sys
import time
import types
from contextlib import redirect_stderr, redirect_stdout

from pyodide.ffi import JsException, create_proxy, run_sync, to_js

_bridge = None
# Must match LIMITS in protocol.ts: the page drops messages beyond them, so Python refuses them first.
_limits = {"stdout": 1_000_000, "final": 5_000_000, "batch": 10_000, "prompt_chars": 50_000_000, "model_chars": 200,
           "variables": 10_000, "name_chars": 1_000, "var_info": 50, "type_chars": 60, "repr_chars": 120}


class _Ns:
    """One REPL namespace: the root's (key 0, the user's data) or a child run's (context = its prompt)."""

    def __init__(self, key, context):
        self.key, self.context = key, context
        self.globals = {"__name__": "__main__", "__builtins__": builtins}
        self.extra = {}  # sessions: slot n -> the value bound as context_n (root only)
        self.final, self.block, self.exec_id = None, 0, 0
        self.scaffold = {}  # name -> the original object, re-bound after every block
        self.fns = _functions(self)


# `context` is "" until a file is loaded (the prompt and README promise a str, so len(context) works with no file).
_NS = {}
# The exec id of the block on the CPU now (time.sleep and top-level await wait on its behalf).
_run = {"exec": 0}
_echo = reprlib.Repr(maxlevel=6, maxdict=200, maxlist=200, maxtuple=200, maxset=200, maxstring=20_000,
                     maxother=20_000, maxlong=20_000)
_CANCELLED = "RLM_CANCELLED"


class _Capped:
    """A stdout/stderr stand-in that keeps the first `limit` chars and counts the rest, so a print flood costs
    time but never memory (and never a giant message to the page)."""

    def __init__(self, limit):
        self.parts, self.size, self.limit, self.dropped = [], 0, limit, 0

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError(f"write() argument must be str, not {type(s).__name__}")
        room = self.limit - self.size
        if len(s) <= room:
            self.parts.append(s)
            self.size += len(s)
        else:
            if room > 0:
                self.parts.append(s[:room])
                self.size = self.limit
            self.dropped += len(s) - max(room, 0)
        return len(s)

    def flush(self):
        pass

    def isatty(self):
        return False

    def getvalue(self):
        text = "".join(self.parts)
        if self.dropped:
            text += f"\n... [{self.dropped:,} more characters dropped: output is capped at {self.limit:,} per block]\n"
        return text


# ---------- sub-LLM calls: synchronous to model code, served by the page ----------

def _await(wait):
    """Waits on the bridge: `wait()` returns a promise to run_sync (JSPI) or, under the SAB bridge, blocks and returns
    the value itself. A cancelled run becomes KeyboardInterrupt, which `except Exception` can't swallow."""
    # Another namespace's block may run while this one waits (a child run serving rlm_query): it redirects
    # sys.stdout to its own buffer, so this block takes its own back when it resumes.
    saved = sys.stdout, sys.stderr, _run["exec"]
    try:
        pending = wait()
        return pending if _bridge.sync else run_sync(pending)
    except JsException as e:
        if _CANCELLED in str(e):
            raise KeyboardInterrupt("the run was stopped while waiting for a sub-call") from None
        raise
    finally:
        sys.stdout, sys.stderr, _run["exec"] = saved


def _ask(ns, kind, prompts, model, batched=False):
    if model is not None and (not isinstance(model, str) or len(model) > _limits["model_chars"]):
        raise TypeError(f"model must be a str of at most {_limits['model_chars']} characters, or None")
    texts = [p if isinstance(p, str) else str(p) for p in prompts]
    if sum(map(len, texts)) > _limits["prompt_chars"]:
        raise ValueError(f"prompts too long: at most {_limits['prompt_chars']:,} characters per call in total")
    outcomes = _await(lambda: _bridge.request(to_js(texts), model, kind, ns.exec_id, batched)).to_py()
    return [o["text"] if o["ok"] else f"Error: {o['error']}" for o in outcomes]


def _sleep(seconds):
    """time.sleep that a stop can interrupt (the stock one is run_sync(asyncio.sleep), which wedges when interrupted)."""
    seconds = float(seconds)
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    pending = _bridge.sleep(seconds * 1000, _run["exec"])
    if pending is not None:  # no interrupt buffer: the bridge hands back a cancellable promise
        _await(lambda: pending)


def _no_input(*_args, **_kwargs):
    raise RuntimeError("input() is not available in the REPL: there is no user at the keyboard")


# ---------- answers ----------

def _set_final(ns, via, value):
    text = value if isinstance(value, str) else str(value)
    limit = _limits["final"]
    if len(text) > limit:
        print(f"Note: the final answer was cut to its first {limit:,} characters.", file=sys.stderr)
        text = text[:limit]
    ns.final = {"via": via, "value": text}


def _user_vars(ns):
    names = [k for k, v in ns.globals.items()
             if isinstance(k, str) and not k.startswith("_") and k not in ns.scaffold and k != "answer"
             and len(k) <= _limits["name_chars"] and not issubclass(type(v), types.ModuleType)]  # no __class__ call
    return names[: _limits["variables"]]


def _bind_scaffold(ns, fresh_answer=True):
    # rlm_query*: a child run when the engine allows one more level, else a plain sub-LLM call (its decision).
    # Sessions: context_0 is `context`, context_n the n-th extra context (root only).
    for k in [k for k in ns.scaffold if k.startswith("context_")]:
        ns.globals.pop(k, None)
    ns.scaffold = {"context": ns.context, **ns.fns}
    if ns.key == 0:
        ns.scaffold["context_0"] = ns.context
        ns.scaffold.update({f"context_{n}": v for n, v in ns.extra.items()})
    ns.globals.update(ns.scaffold)
    if fresh_answer or not isinstance(ns.globals.get("answer"), dict):
        ns.globals["answer"] = {"content": "", "ready": False}


def _restore_scaffold(ns):
    """Re-bind reserved names the model overwrote (identity check: free even for a 1 GB context)."""
    g = ns.globals
    restored = [k for k, v in ns.scaffold.items() if g.get(k) is not v]
    for k in restored:
        g[k] = ns.scaffold[k]
    if not isinstance(g.get("answer"), dict):
        g["answer"] = {"content": "", "ready": False}
        restored.append("answer")
    if restored:
        verb = "is" if len(restored) == 1 else "are"
        print(f"Note: {', '.join(restored)} {verb} reserved and restored after each block; use other names.",
              file=sys.stderr)


def _final(ns):
    if ns.final is not None:
        return ns.final
    ans = ns.globals.get("answer")
    if isinstance(ans, dict) and ans.get("ready"):
        _set_final(ns, "answer", ans.get("content", ""))
        return ns.final
    return None


# ---------- running a block ----------

def _run_code(code_obj, g):
    """A generator: yields the coroutine of a block that used top-level await, for the driver to wait on."""
    result = eval(code_obj, g)
    if code_obj.co_flags & inspect.CO_COROUTINE:
        result = yield result
    return result


def _guarded(coro):
    """The coroutine as a task, and a cancellable bridge wait for it: a stop rejects the wait like a pending
    llm_query instead of interrupting a suspended interpreter."""
    task = asyncio.ensure_future(coro)
    handle = create_proxy(task)
    return task, handle, _bridge.guard(handle, _run["exec"])


def _settle(task, handle):
    handle.destroy()
    if not task.done():
        task.cancel()


def _wait_sync(coro):
    """JSPI: wait for the coroutine with run_sync. The SAB bridge cannot suspend a block that runs nested in a wait."""
    if _bridge.sync:
        coro.close()
        raise RuntimeError("top-level await is not available inside a block that runs while another waits "
                           "(this browser has no JSPI): write the block without await")
    task, handle, wait = _guarded(coro)
    try:
        _await(lambda: wait)
        return task.result()
    finally:
        _settle(task, handle)


async def _wait_async(coro):
    """SAB bridge, a block started from the worker's event loop: await the coroutine there (no JSPI needed)."""
    task, handle, wait = _guarded(coro)
    try:
        try:
            await wait
        except JsException as e:
            if _CANCELLED in str(e):
                raise KeyboardInterrupt("the run was stopped while waiting") from None
            raise
        return task.result()
    finally:
        _settle(task, handle)


def _exec(code, filename, g):
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    tree = ast.parse(code, filename, "exec")
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    flags = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
    yield from _run_code(compile(tree, filename, "exec", flags=flags, dont_inherit=True), g)
    if last is not None:
        value = yield from _run_code(compile(ast.Expression(last.value), filename, "eval", flags=flags, dont_inherit=True), g)
        if value is not None:
            print(_echo.repr(value))


def _short_traceback(exc, filename):
    """Only frames of REPL code (the model's own), at most the last 3: the scaffold's frames are noise to it."""
    if isinstance(exc, SyntaxError) and (exc.filename or "").startswith("<repl-"):
        where = f" (line {exc.lineno})" if exc.lineno else ""
        text = f"\n    {exc.text.strip()}" if exc.text else ""
        return f"SyntaxError: {exc.msg}{where}{text}\n"
    lines = []
    tb = exc.__traceback__
    while tb is not None:
        co = tb.tb_frame.f_code
        if co.co_filename.startswith("<repl-"):
            block = "" if co.co_filename == filename else f"block {co.co_filename[6:-1]}, "
            src = linecache.getline(co.co_filename, tb.tb_lineno).strip()
            lines.append(f"  {block}line {tb.tb_lineno}, in {co.co_name}" + (f"\n    {src}" if src else ""))
        tb = tb.tb_next
    head = "Traceback (most recent call last):\n" + "\n".join(lines[-3:]) + "\n" if lines else ""
    message = str(exc)
    if len(message) > 2000:
        message = message[:2000] + f"... [{len(message) - 2000:,} more chars]"
    return f"{head}{type(exc).__name__}: {message}\n" if message else f"{head}{type(exc).__name__}\n"


def _start_block(code, exec_id, key):
    ns = _NS[key]
    ns.final, ns.exec_id = None, exec_id
    ns.block += 1
    filename = f"<repl-{ns.block}>" if key == 0 else f"<repl-{key}.{ns.block}>"
    out, err = _Capped(_limits["stdout"]), _Capped(_limits["stdout"])
    return _run_block(ns, code, exec_id, filename, out, err)


def _step(gen, send=None, error=None):
    """Advances a block: the next coroutine it awaits, or ("done", result)."""
    try:
        return None, gen.throw(error) if error is not None else gen.send(send)
    except StopIteration as stop:
        return stop.value, None


def run_block(code, exec_id=0, key=0):
    outer, _run["exec"] = _run["exec"], exec_id
    try:
        gen = _start_block(code, exec_id, key)
        done, coro = _step(gen)
        while coro is not None:
            try:
                done, coro = _step(gen, send=_wait_sync(coro))
            except BaseException as e:  # noqa: BLE001 - the block's own try/except decides
                done, coro = _step(gen, error=e)
        return done
    finally:
        _run["exec"] = outer


async def run_block_async(code, exec_id=0, key=0):
    """run_block for the SAB bridge from the event loop: top-level await works without JSPI."""
    outer, _run["exec"] = _run["exec"], exec_id
    try:
        gen = _start_block(code, exec_id, key)
        done, coro = _step(gen)
        while coro is not None:
            saved = sys.stdout, sys.stderr
            _run["exec"] = exec_id  # another block may have run while this one awaited
            try:
                value = await _wait_async(coro)
            except BaseException as e:  # noqa: BLE001
                sys.stdout, sys.stderr = saved
                done, coro = _step(gen, error=e)
                continue
            sys.stdout, sys.stderr = saved
            done, coro = _step(gen, send=value)
        return done
    finally:
        _run["exec"] = outer


def _run_block(ns, code, exec_id, filename, out, err):
    ok, interrupted = True, False
    with redirect_stdout(out), redirect_stderr(err):
        try:
            if _bridge.cancelled(exec_id):  # stopped before it started (matters when there is no interrupt buffer)
                raise KeyboardInterrupt
            yield from _exec(code, filename, ns.globals)
        except KeyboardInterrupt:
            ok, interrupted = False, True
            print("KeyboardInterrupt: the block was stopped.", file=sys.stderr)
        except SystemExit as e:
            ok = False
            print(f"SystemExit({e.code!r}) ignored: the REPL keeps running.", file=sys.stderr)
        except BaseException as e:  # noqa: BLE001 - any error is the model's to read, the run goes on
            ok = False
            err.write(_short_traceback(e, filename))
        _restore_scaffold(ns)
        final = _final(ns)
    names = _user_vars(ns)
    return json.dumps({"stdout": out.getvalue(), "stderr": err.getvalue(), "ok": ok, "interrupted": interrupted,
                       "final": final, "variables": names, "variableInfo": variable_info(names, ns.globals)})


def get_var(name, key=0):
    g = _NS[key].globals
    if not isinstance(name, str) or name not in g:
        return json.dumps(None)
    value = g[name]
    text = value if isinstance(value, str) else str(value)
    return json.dumps(text[: _limits["final"]])


def reset_vars():
    """Forget the model's variables and the extra contexts (a new session or a new run on the same context)."""
    root = _NS[0]
    root.globals.clear()
    root.globals.update({"__name__": "__main__", "__builtins__": builtins})
    root.extra.clear()
    _bind_scaffold(root)
    return json.dumps(True)


def _setup(bridge, limits):
    global _bridge
    _bridge = bridge
    _limits.update(limits.to_py() if hasattr(limits, "to_py") else limits)
    _INFO.update(items=_limits["var_info"], type_chars=_limits["type_chars"], repr_chars=_limits["repr_chars"])  # varinfo.py
    time.sleep = _sleep
    builtins.input = _no_input
    # A worker restored from the boot snapshot would otherwise repeat the random state of the one that made it.
    import random
    random.seed()
    _NS[0] = _Ns(0, "")
    _bind_scaffold(_NS[0])
