# REPL namespaces (runs after prelude.py, in the same scaffold namespace): the functions model code gets, bound to
# its namespace, and the entry points for child runs and the engine's extra calls (answer content, set_var).
#
# Why child runs are namespaces in THIS interpreter, not extra workers: a child is a fresh dict of globals, so it
# costs a dict and a few closures (well under 1 ms, a few KB) where a worker from the boot snapshot costs ~0.3-0.5 s
# and ~20+ MB of wasm heap each; and with JSPI the page can run a child's block while the parent's block is
# suspended in run_sync waiting for the rlm_query answer (Pyodide keeps each suspended stack's Python state apart).
# What it does not give: memory isolation between siblings (they share one heap and the 4 GB limit) and a
# separate interrupt per child. Sibling namespaces never share globals; they share modules (sys.modules) - a
# monkey-patched module is visible to all, as in the official RLM's in-process REPLs. See child.ts.
import json


def _batch(prompts):
    if isinstance(prompts, str) or not hasattr(prompts, "__iter__"):
        raise TypeError("llm_query_batched / rlm_query_batched expect a list of prompts")
    prompts = list(prompts)
    if len(prompts) > _limits["batch"]:
        raise ValueError(f"at most {_limits['batch']:,} prompts per batched call")
    return prompts


def _functions(ns):
    """The functions model code gets, bound to its namespace (a child's FINAL must not answer for its parent)."""

    def llm_query(prompt, model=None):
        """Ask a sub-LLM; returns its answer as a str ("Error: ..." if the call failed)."""
        return _ask(ns, "llm", [prompt], model)[0]

    def llm_query_batched(prompts, model=None):
        """Ask a sub-LLM several prompts concurrently; answers come back in order, failed ones as "Error: ..."."""
        prompts = _batch(prompts)
        return _ask(ns, "llm", prompts, model, batched=True) if prompts else []

    def rlm_query(prompt, model=None):
        """Ask a child RLM (its own REPL, `context` = the prompt); returns its final answer as a str."""
        return _ask(ns, "rlm", [prompt], model)[0]

    def rlm_query_batched(prompts, model=None):
        """Ask several child RLMs concurrently; answers come back in order, failed ones as "Error: ..."."""
        prompts = _batch(prompts)
        return _ask(ns, "rlm", prompts, model, batched=True) if prompts else []

    def FINAL(value):
        """Give the final answer (str(value)); the run ends after this block."""
        _set_final(ns, "FINAL", value)

    def FINAL_VAR(name):
        """Give a variable as the final answer: FINAL_VAR("result") or FINAL_VAR(result)."""
        if isinstance(name, str) and name in ns.globals:
            return _set_final(ns, "FINAL_VAR", ns.globals[name])
        if isinstance(name, str) and name.isidentifier():
            raise NameError(f"FINAL_VAR: no variable named {name!r}; create it first or pass the value itself")
        _set_final(ns, "FINAL_VAR", name)

    def SHOW_VARS():
        """List the variables created so far with their types."""
        found = {k: type(ns.globals[k]).__name__ for k in _user_vars(ns)}
        if not found:
            return "No variables created yet. Use ```repl``` blocks to create variables."
        return f"Available variables: {found}"

    return dict(llm_query=llm_query, llm_query_batched=llm_query_batched, rlm_query=rlm_query,
                rlm_query_batched=rlm_query_batched, FINAL=FINAL, FINAL_VAR=FINAL_VAR, SHOW_VARS=SHOW_VARS)


def spawn_ns(key, context):
    """A child run's namespace: `context` is its prompt (a str), with the same functions as the root."""
    if key in _NS:
        raise ValueError(f"namespace {key} exists")
    ns = _NS[key] = _Ns(key, context if isinstance(context, str) else str(context))
    _bind_scaffold(ns)
    return json.dumps(True)


def dispose_ns(key):
    ns = _NS.pop(key, None) if key != 0 else None
    if ns is not None:
        ns.globals.clear()  # its closures refer back to it: break the cycle now rather than at the next gc
        ns.scaffold.clear()
    return json.dumps(True)


def get_answer(key=0):
    """str(answer["content"]) when the model set a non-empty one, else None (the partial answer of a stopped run)."""
    ans = _NS[key].globals.get("answer")
    content = ans.get("content") if isinstance(ans, dict) else None
    if content is None:
        return json.dumps(None)
    text = content if isinstance(content, str) else str(content)
    return json.dumps(text[: _limits["final"]] if text else None)


def set_var(key, name, json_text):
    """Binds `name` to a JSON value (compaction's `history`); reserved and private names are refused."""
    ns = _NS[key]
    if not isinstance(name, str) or not name.isidentifier() or name.startswith("_"):
        raise ValueError(f"setVar: {str(name)[:100]!r} is not a public Python identifier")
    if name in ns.scaffold or name == "answer":
        raise ValueError(f"setVar: {name!r} is reserved by the REPL")
    ns.globals[name] = json.loads(json_text)
    return json.dumps(True)
