# The Python scaffold around model-written code (RLM Studio sandbox).
#
# Runs once per interpreter in its own namespace; the model's code runs in USER_NS, a separate dict, so the
# scaffold's helpers stay out of its way. The JS side (src/sandbox/engine.ts) calls _setup(bridge, limits) once,
# then load_context / run_block / get_var / reset_vars. Every entry point returns a JSON string: one conversion,
# no PyProxy lifetimes to manage on the JS side.
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

USER_NS = {"__name__": "__main__", "__builtins__": builtins}
_bridge = None
# Must match LIMITS in protocol.ts: the page drops messages beyond them, so Python refuses them first.
_limits = {"stdout": 1_000_000, "final": 5_000_000, "batch": 10_000, "prompt_chars": 50_000_000, "model_chars": 200,
           "variables": 10_000, "name_chars": 1_000, "var_info": 50, "type_chars": 60, "repr_chars": 120}
# `context` is "" until a file is loaded (the prompt and README promise a str, so len(context) works with no file).
_state = {"final": None, "block": 0, "context": ""}
_SCAFFOLD = {}  # name -> the original object, re-bound after every block
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

def _await(promise):
    """run_sync a bridge promise; a cancelled run becomes KeyboardInterrupt, which `except Exception` can't swallow."""
    try:
        return run_sync(promise)
    except JsException as e:
        if _CANCELLED in str(e):
            raise KeyboardInterrupt("the run was stopped while waiting for a sub-call") from None
        raise


def _ask(prompts, model):
    if model is not None and (not isinstance(model, str) or len(model) > _limits["model_chars"]):
        raise TypeError(f"model must be a str of at most {_limits['model_chars']} characters, or None")
    texts = [p if isinstance(p, str) else str(p) for p in prompts]
    if sum(map(len, texts)) > _limits["prompt_chars"]:
        raise ValueError(f"prompts too long: at most {_limits['prompt_chars']:,} characters per call in total")
    outcomes = _await(_bridge.request(to_js(texts), model)).to_py()
    return [o["text"] if o["ok"] else f"Error: {o['error']}" for o in outcomes]


def llm_query(prompt, model=None):
    """Ask a sub-LLM; returns its answer as a str ("Error: ..." if the call failed)."""
    return _ask([prompt], model)[0]


def llm_query_batched(prompts, model=None):
    """Ask a sub-LLM several prompts concurrently; answers come back in order, failed ones as "Error: ..."."""
    if isinstance(prompts, str) or not hasattr(prompts, "__iter__"):
        raise TypeError("llm_query_batched expects a list of prompts")
    prompts = list(prompts)
    if len(prompts) > _limits["batch"]:
        raise ValueError(f"at most {_limits['batch']:,} prompts per llm_query_batched call")
    return _ask(prompts, model) if prompts else []


def _sleep(seconds):
    """time.sleep that a stop can interrupt (the stock one is run_sync(asyncio.sleep), which wedges when interrupted)."""
    seconds = float(seconds)
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    pending = _bridge.sleep(seconds * 1000)
    if pending is not None:  # no interrupt buffer: the bridge hands back a cancellable promise
        _await(pending)


def _no_input(*_args, **_kwargs):
    raise RuntimeError("input() is not available in the REPL: there is no user at the keyboard")


# ---------- answers ----------

def _set_final(via, value):
    text = value if isinstance(value, str) else str(value)
    limit = _limits["final"]
    if len(text) > limit:
        print(f"Note: the final answer was cut to its first {limit:,} characters.", file=sys.stderr)
        text = text[:limit]
    _state["final"] = {"via": via, "value": text}


def FINAL(value):
    """Give the final answer (str(value)); the run ends after this block."""
    _set_final("FINAL", value)


def FINAL_VAR(name):
    """Give a variable as the final answer: FINAL_VAR("result") or FINAL_VAR(result)."""
    if isinstance(name, str) and name in USER_NS:
        return _set_final("FINAL_VAR", USER_NS[name])
    if isinstance(name, str) and name.isidentifier():
        raise NameError(f"FINAL_VAR: no variable named {name!r}; create it first or pass the value itself")
    _set_final("FINAL_VAR", name)


def SHOW_VARS():
    """List the variables created so far with their types."""
    found = {k: type(USER_NS[k]).__name__ for k in _user_vars()}
    if not found:
        return "No variables created yet. Use ```repl``` blocks to create variables."
    return f"Available variables: {found}"


def _user_vars():
    names = [k for k, v in USER_NS.items()
             if isinstance(k, str) and not k.startswith("_") and k not in _SCAFFOLD and k != "answer"
             and len(k) <= _limits["name_chars"] and not issubclass(type(v), types.ModuleType)]  # no __class__ call
    return names[: _limits["variables"]]


def _bind_scaffold():
    # rlm_query*: the official names for a recursive sub-call; at depth 1 they are plain sub-LLM calls there too.
    _SCAFFOLD.update(context=_state["context"], llm_query=llm_query, llm_query_batched=llm_query_batched,
                     rlm_query=llm_query, rlm_query_batched=llm_query_batched,
                     FINAL=FINAL, FINAL_VAR=FINAL_VAR, SHOW_VARS=SHOW_VARS)
    USER_NS.update(_SCAFFOLD)
    USER_NS["answer"] = {"content": "", "ready": False}


def _restore_scaffold():
    """Re-bind reserved names the model overwrote (identity check: free even for a 1 GB context)."""
    restored = [k for k, v in _SCAFFOLD.items() if USER_NS.get(k) is not v]
    for k in restored:
        USER_NS[k] = _SCAFFOLD[k]
    if not isinstance(USER_NS.get("answer"), dict):
        USER_NS["answer"] = {"content": "", "ready": False}
        restored.append("answer")
    if restored:
        verb = "is" if len(restored) == 1 else "are"
        print(f"Note: {', '.join(restored)} {verb} reserved and restored after each block; use other names.",
              file=sys.stderr)


def _final():
    if _state["final"] is not None:
        return _state["final"]
    ans = USER_NS.get("answer")
    if isinstance(ans, dict) and ans.get("ready"):
        _set_final("answer", ans.get("content", ""))
        return _state["final"]
    return None


# ---------- running a block ----------

def _run_code(code_obj):
    result = eval(code_obj, USER_NS)
    if not (code_obj.co_flags & inspect.CO_COROUTINE):
        return result
    # The block used top-level await. Wait through the bridge (not run_sync(coroutine) directly) so a stop can
    # reject the wait like a pending llm_query instead of interrupting a suspended interpreter.
    task = asyncio.ensure_future(result)
    handle = create_proxy(task)
    try:
        _await(_bridge.guard(handle))
        return task.result()
    finally:
        handle.destroy()
        if not task.done():
            task.cancel()


def _exec(code, filename):
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    tree = ast.parse(code, filename, "exec")
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    flags = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
    _run_code(compile(tree, filename, "exec", flags=flags, dont_inherit=True))
    if last is not None:
        value = _run_code(compile(ast.Expression(last.value), filename, "eval", flags=flags, dont_inherit=True))
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


def run_block(code):
    _state["final"] = None
    _state["block"] += 1
    filename = f"<repl-{_state['block']}>"
    out, err = _Capped(_limits["stdout"]), _Capped(_limits["stdout"])
    ok, interrupted = True, False
    with redirect_stdout(out), redirect_stderr(err):
        try:
            if _bridge.cancelled():  # stopped before it started (matters when there is no interrupt buffer)
                raise KeyboardInterrupt
            _exec(code, filename)
        except KeyboardInterrupt:
            ok, interrupted = False, True
            print("KeyboardInterrupt: the block was stopped.", file=sys.stderr)
        except SystemExit as e:
            ok = False
            print(f"SystemExit({e.code!r}) ignored: the REPL keeps running.", file=sys.stderr)
        except BaseException as e:  # noqa: BLE001 - any error is the model's to read, the run goes on
            ok = False
            err.write(_short_traceback(e, filename))
        _restore_scaffold()
        final = _final()
    names = _user_vars()
    return json.dumps({"stdout": out.getvalue(), "stderr": err.getvalue(), "ok": ok, "interrupted": interrupted,
                       "final": final, "variables": names, "variableInfo": variable_info(names, USER_NS)})


def get_var(name):
    if not isinstance(name, str) or name not in USER_NS:
        return json.dumps(None)
    value = USER_NS[name]
    text = value if isinstance(value, str) else str(value)
    return json.dumps(text[: _limits["final"]])


def reset_vars():
    """Forget the model's variables (a new run on the same context)."""
    USER_NS.clear()
    USER_NS.update({"__name__": "__main__", "__builtins__": builtins})
    _bind_scaffold()
    return json.dumps(True)


def _setup(bridge, limits):
    global _bridge
    _bridge = bridge
    _limits.update(limits.to_py() if hasattr(limits, "to_py") else limits)
    _INFO.update(items=_limits["var_info"], type_chars=_limits["type_chars"], repr_chars=_limits["repr_chars"])  # varinfo.py
    time.sleep = _sleep
    builtins.input = _no_input
    _bind_scaffold()
