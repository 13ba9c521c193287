"""Helpers for the deck's Python cells (Pyodide 314: Python 3.14 in a Web Worker).

    from talk import task, compare, burn, block, request, now

    task(name, coro)       an asyncio.Task called `name`: its own lane on the timeline
    task(name, generator)  the generator, traced: each next() is a step on lane `name`
    await compare({"in turn": f, "at once": g})
                           runs each zero-argument function (async or plain) in turn,
                           prints "name: N ms (x.xx x)" against the first mode, draws
                           each mode as a group, and returns {name: ms}
    burn(ms)               CPU work: as much as one free core does in `ms`
    block(ms)              a blocking wait: nothing else on the loop runs meanwhile
                           (in a cell, time.sleep(s) is block(s * 1000))
    await request(url, latency=200, bytes=1024)
                           a simulated HTTP GET: real waiting, no network; a Response
                           with .url, .status, .bytes, .body and .ms
    now()                  ms on the timeline's clock (the JS performance.timeOrigin +
                           performance.now(), shared with every worker of the page)

The timeline: every asyncio task a cell creates is a lane named after the task (its name,
else its coroutine and first argument: fetch('/a')). Each step of its coroutine, from one
await to the next, is a solid bar (hatched when a blocking wait took most of the step); the
time it awaits between two steps is a pale bar. The cell's own top-level code is not a lane.

A cell runs in the worker's event loop (Pyodide's WebLoop) with fresh globals; top-level
`await` works, and a top-level asyncio.run(main()) is run as `await main()`. What the cell
leaves running when it ends is cancelled, as asyncio.run does.

Names starting with `_` are the worker's side (engine/worker/python/entry.ts).
"""

import ast
import asyncio
import builtins
import collections.abc
import inspect
import json
import linecache
import sys
import time
import traceback
import weakref

__all__ = ["task", "compare", "burn", "block", "request", "now", "Response"]

import _talk_host as _host  # registered by the worker (pyodide.registerJsModule)

# ---------------------------------------------------------------- the clock
# Under Pyodide time.perf_counter() is performance.now() (the same clock; it costs ~1.5 us,
# a call through the FFI ~5 us), so one offset read at start-up gives the absolute time.
_pc = time.perf_counter
_OFFSET = _host.now() - _pc() * 1000.0


def now():
    """Absolute ms on the timeline's clock (performance.timeOrigin + performance.now())."""
    return _OFFSET + _pc() * 1000.0


# ---------------------------------------------------------------- records for the page
# Buffered, and handed to the worker in one FFI call per batch (a call costs ~35 us, a list
# append well under 1 us): every 256 records or 16 ms, and at the end of the cell.
_buf = []
_last_flush = 0.0
_flush_timer = None


def _flush():
    global _last_flush, _flush_timer
    _flush_timer = None
    _last_flush = _pc()
    if _buf:
        batch = _buf[:]
        _buf.clear()
        _host.records(batch)


def _push(record):
    global _flush_timer
    _buf.append(record)
    if len(_buf) >= 256 or _pc() - _last_flush > 0.016:
        _flush()
    elif _flush_timer is None:
        try:
            _flush_timer = asyncio.get_running_loop().call_later(0.016, _flush)
        except RuntimeError:
            pass


def _span(lane, label, start, end, kind, group):
    _push(("span", lane, label, start, end, kind, group))


def _group(name, start, end=None, baseline=None):
    _push(("group", name, start, end, baseline))


# ---------------------------------------------------------------- the cell being run
class _Cell:
    def __init__(self, cell_id, filename):
        self.id = cell_id
        self.filename = filename
        self.group = None  # the compare() mode running
        self.tasks = weakref.WeakSet()  # every task of the cell, main included
        self.stopped = False  # Stop while the cell awaited: its tasks were cancelled
        self.interrupted = False  # a KeyboardInterrupt surfaced in a loop callback


_cell = None
_blocked = 0.0  # ms spent in block() so far: a step mostly blocked is drawn hatched


def _auto_name(coro):
    """fetch('/a') for fetch('/a', 300): the coroutine's name and first argument."""
    name = getattr(coro, "__qualname__", None) or type(coro).__name__
    code = getattr(coro, "cr_code", None)
    frame = getattr(coro, "cr_frame", None)
    if code is not None and frame is not None and code.co_argcount:
        first = code.co_varnames[0]
        if first == "self" and code.co_argcount > 1:
            first = code.co_varnames[1]
        v = frame.f_locals.get(first)
        if isinstance(v, (str, int, float)) and not isinstance(v, bool):
            r = repr(v)
            if len(r) <= 24:
                name = f"{name}({r})"
    return name


def _step_kind(start, end, blocked_before):
    return "wait" if _blocked - blocked_before >= (end - start) / 2 > 0 else "cpu"


class _Traced:
    """A task's coroutine, timed. The C Task drives it through send()/throw(), so each call
    is exactly one step; between two steps the task awaits (or is ready, waiting its turn)."""

    def __init__(self, coro, lane, group):
        self._coro = coro
        self._lane = lane
        self._group = group
        self._since = None  # end of the last step: the await starts there
        self._label = None  # what it awaits, if a helper said (request())
        # asyncio's repr of the Task reads these
        self.__qualname__ = getattr(coro, "__qualname__", None)
        self.__name__ = getattr(coro, "__name__", None)

    def _step(self, how, arg):
        start = now()
        group = self._group
        if self._since is not None and start - self._since > 0.05:
            _span(self._lane, self._label or self._lane, self._since, start, "io", group)
        self._label = None
        blocked = _blocked
        try:
            return how(arg)
        finally:
            end = self._since = now()
            _span(self._lane, self._lane, start, end, _step_kind(start, end, blocked), group)

    def send(self, value):
        return self._step(self._coro.send, value)

    def __next__(self):
        return self._step(self._coro.send, None)

    def throw(self, *args):
        return self._step(lambda a: self._coro.throw(*a), args)

    def close(self):
        return self._coro.close()

    def __iter__(self):
        return self

    def __await__(self):
        return self

    def __repr__(self):
        return repr(self._coro)

    cr_frame = property(lambda self: self._coro.cr_frame)
    cr_code = property(lambda self: self._coro.cr_code)
    cr_running = property(lambda self: self._coro.cr_running)
    cr_await = property(lambda self: self._coro.cr_await)


collections.abc.Coroutine.register(_Traced)


def _task_factory(loop, coro, **kwargs):
    from pyodide.webloop import PyodideTask

    cell = _cell
    if cell is None or not inspect.iscoroutine(coro):
        return PyodideTask(coro, loop=loop, **kwargs)
    lane = str(kwargs.get("name") or _auto_name(coro))
    t = PyodideTask(_Traced(coro, lane, cell.group), loop=loop, **kwargs)
    cell.tasks.add(t)
    return t


class _TracedGen:
    """A generator traced like a task: each next()/send() is one step on its lane."""

    def __init__(self, gen, name):
        self._gen, self._name = gen, name
        self._group = _cell.group if _cell else None

    def __iter__(self):
        return self

    def _step(self, f, *a):
        start = now()
        blocked = _blocked
        try:
            return f(*a)
        finally:
            end = now()
            _span(self._name, self._name, start, end, _step_kind(start, end, blocked), self._group)

    def __next__(self):
        return self._step(self._gen.__next__)

    def send(self, v):
        return self._step(self._gen.send, v)

    def throw(self, *a):
        return self._step(self._gen.throw, *a)

    def close(self):
        return self._gen.close()


# ---------------------------------------------------------------- what snippets call
def task(name, obj):
    """task(name, coro): an asyncio.Task called `name` (its lane). task(name, generator):
    the generator, each step traced on lane `name` (for hand-written schedulers)."""
    if inspect.iscoroutine(obj):
        return asyncio.get_running_loop().create_task(obj, name=name)
    if inspect.isgenerator(obj):
        return _TracedGen(obj, name)
    raise TypeError(f"task() takes a coroutine or a generator, not {type(obj).__name__}")


async def compare(modes):
    """Runs each mode (a zero-argument async or plain function) in turn, each a group on one
    time scale measured against the first; prints 'name: N ms (x.xx x)'; returns {name: ms}."""
    walls = {}
    baseline = first = None
    for name, fn in modes.items():
        baseline = baseline or name
        start = now()
        _group(name, start, None, None if name == baseline else baseline)
        prev = _cell.group if _cell else None
        if _cell:
            _cell.group = name
        try:
            r = fn()
            if inspect.isawaitable(r):
                await r
        finally:
            end = now()
            if _cell:
                _cell.group = prev
            _group(name, start, end, None if name == baseline else baseline)
        wall = end - start
        walls[name] = round(wall)
        if first is None:
            first = wall
            print(f"{name}: {round(wall)} ms")
        else:
            print(f"{name}: {round(wall)} ms ({first / max(wall, 1):.2f}x)")
    return walls


_rate = None  # burn's iterations per ms on a free core


def _spin(n):
    x = 0
    for i in range(n):
        x = (x * 31 + i) & 0xFFFF
    return x


def _calibrate(trials=5, trial_ms=10.0):
    """Iterations per ms: the fastest of a few 10 ms trials (load only ever slows one down)."""
    global _rate
    best = 0.0
    for _ in range(trials):
        n = 0
        t = _pc()
        while (dt := (_pc() - t) * 1000.0) < trial_ms:
            _spin(2000)
            n += 2000
        best = max(best, n / dt)
    _rate = best


def burn(ms):
    """Busy CPU work: what one free core does in `ms` (its rate measured once, at start-up).
    Plain bytecode, so Stop's KeyboardInterrupt reaches it. Returns the iterations done."""
    if _rate is None:
        _calibrate()
    n = int(_rate * ms)
    _spin(n)
    return n


def block(ms):
    """A blocking wait, as time.sleep is in ordinary Python: nothing else on the loop runs.
    Cross-origin isolated: Atomics.wait in slices, so Stop wakes it (KeyboardInterrupt) and
    no CPU is used; otherwise a busy wait."""
    global _blocked
    t0 = _pc()
    end = t0 + ms / 1000.0
    try:
        if _host.canBlock:
            while (left := end - _pc()) > 0:
                if _host.blockSlice(min(left * 1000.0, 50.0)):
                    raise KeyboardInterrupt
        else:
            while _pc() < end:
                pass
    finally:
        _blocked += (_pc() - t0) * 1000.0


class Response:
    def __init__(self, url, status, nbytes, body, ms):
        self.url, self.status, self.bytes, self.body, self.ms = url, status, nbytes, body, ms

    def __repr__(self):
        return f"<Response {self.status} {self.url} {self.bytes} B in {self.ms:.0f} ms>"


async def request(url, latency=200, bytes=1024):
    """A simulated HTTP GET: `latency` ms of real waiting (asyncio.sleep), no network."""
    start = now()
    t = asyncio.current_task()
    coro = t.get_coro() if t is not None else None
    if isinstance(coro, _Traced):
        coro._label = f"GET {url}"  # the task's await is labelled with the call
    await asyncio.sleep(latency / 1000.0)
    head = json.dumps({"url": url, "ok": True})
    body = head[:bytes] if len(head) >= bytes else head + " " * (bytes - len(head))
    return Response(url, 200, bytes, body, now() - start)


# ---------------------------------------------------------------- the worker's side
def _install():
    """Once per interpreter: the task factory, loop handlers, time.sleep, burn's rate."""
    loop = asyncio.get_event_loop()
    loop.set_task_factory(_task_factory)
    # A KeyboardInterrupt raised in a loop callback outside the cell's own await chain.
    loop._keyboard_interrupt_handler = _on_keyboard_interrupt
    loop.set_exception_handler(_exception_handler)
    # Pyodide's time.sleep lets other tasks run meanwhile (JSPI stack switching): not what
    # a cell means by a blocking call.
    time.sleep = _blocking_sleep
    _calibrate()


def _blocking_sleep(seconds):
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    block(seconds * 1000.0)


_blocking_sleep.__name__ = _blocking_sleep.__qualname__ = "sleep"


def _exception_handler(loop, context):
    """A task failed and nothing awaited it: its traceback (the cell's frames) on stderr."""
    exc = context.get("exception")
    c = _cell
    if c is None or exc is None:
        return loop.default_exception_handler(context)
    te = traceback.TracebackException.from_exception(exc)
    _trim(te, c.filename)
    print("Task exception was never retrieved", file=sys.stderr)
    print("".join(te.format()), end="", file=sys.stderr)


def _on_keyboard_interrupt():
    c = _cell
    if c is not None:
        c.interrupted = True
        _cancel_all(c)


def _cancel_all(c):
    for t in list(c.tasks):
        if not t.done():
            t.cancel()


def _stop(cell_id):
    """Stop while the cell awaits (nothing polls the interrupt buffer then): cancel its tasks."""
    c = _cell
    if c is None or c.id != cell_id:
        return False
    c.stopped = True
    _cancel_all(c)
    return True


def _trim(te, cell_file, seen=None):
    """Keeps the cell's own frames only, in the exception and its causes and group members."""
    seen = seen if seen is not None else set()
    if id(te) in seen:
        return
    seen.add(id(te))
    te.stack = traceback.StackSummary.from_list([f for f in te.stack if f.filename == cell_file])
    for sub in (te.__cause__, te.__context__):
        if sub is not None:
            _trim(sub, cell_file, seen)
    for sub in getattr(te, "exceptions", None) or ():
        _trim(sub, cell_file, seen)


def _char_col(text, byte_col):
    """co_positions() columns are UTF-8 byte offsets; the editor counts characters."""
    if text is None or byte_col is None:
        return None
    return len(text.encode("utf-8")[:byte_col].decode("utf-8", errors="replace"))


OFFLINE_NOTE = "This deck's Python runs in the browser, offline (Pyodide): the standard library only, no packages."


def _error_info(e, cell_file, src_lines):
    info = {"name": type(e).__name__, "message": str(e)}
    if isinstance(e, SyntaxError) and e.filename == cell_file:
        # 1-based lines and character columns (offset may be None or 0 when unknown)
        info.update(syntax=True, message=e.msg, line=e.lineno or 1, column=e.offset or 1)
        return info
    tb, last = e.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == cell_file:
            last = tb
        tb = tb.tb_next
    if last is not None:
        info["line"] = last.tb_lineno
        for i, pos in enumerate(last.tb_frame.f_code.co_positions()):
            if i == last.tb_lasti // 2:
                if pos[0] == last.tb_lineno and pos[2] is not None:
                    text = src_lines[pos[0] - 1] if 0 < pos[0] <= len(src_lines) else None
                    col = _char_col(text, pos[2])
                    if col is not None:
                        info["column"] = col + 1
                break
    if isinstance(e, ModuleNotFoundError) and e.name and e.name.split(".")[0] not in sys.stdlib_module_names:
        info["notes"] = [OFFLINE_NOTE]
    if isinstance(e, KeyboardInterrupt):
        info["interrupted"] = True
    te = traceback.TracebackException.from_exception(e)
    _trim(te, cell_file)
    lines = list(te.format())
    tail = list(te.format_exception_only())
    if tail and lines[-len(tail):] == tail:  # the last line is the page's "Uncaught ..." line
        lines = lines[: -len(tail)]
    info["traceback"] = "".join(lines).rstrip("\n").split("\n") if lines else []
    return info


class _RunToAwait(ast.NodeTransformer):
    """asyncio.run(x) at the cell's top level -> await x. The cell already runs in the loop,
    where Pyodide's asyncio.run would stack-switch (JSPI) and keep the cell's step running
    across every task's steps. Same program, same line numbers."""

    def _skip(self, node):
        return node

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = visit_ClassDef = _skip

    def visit_Call(self, node):
        self.generic_visit(node)
        f = node.func
        if (
            isinstance(f, ast.Attribute)
            and f.attr == "run"
            and isinstance(f.value, ast.Name)
            and f.value.id == "asyncio"
            and len(node.args) == 1
        ):
            return ast.copy_location(ast.Await(node.args[0]), node)
        return node


_FLAGS = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT


def _compile(src, filename):
    tree = compile(src, filename, "exec", flags=_FLAGS | ast.PyCF_ONLY_AST, dont_inherit=True)
    tree = ast.fix_missing_locations(_RunToAwait().visit(tree))
    return compile(tree, filename, "exec", flags=_FLAGS, dont_inherit=True)


async def _sync_main(code, g):
    exec(code, g)


def _run_cell(src, cell_id, filename="<cell>"):
    """Runs one cell as the task 'main'. Returns a Future (the worker awaits it) of JSON:
    {ok, start, end, error?}; error: {name, message, line?, column?, syntax?, interrupted?,
    stopped?, notes?, traceback?}."""
    global _cell
    loop = asyncio.get_event_loop()
    done = loop.create_future()
    start = now()
    src_lines = src.splitlines()
    linecache.cache[filename] = (len(src), None, src.splitlines(True), filename)
    cell = _cell = _Cell(cell_id, filename)

    def finish(result):
        global _cell
        if done.done():
            return
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        _flush()
        if _cell is cell:
            _cell = None
        done.set_result(json.dumps(result | {"start": start, "end": now()}))

    try:
        code = _compile(src, filename)
    except SyntaxError as e:
        finish({"ok": False, "error": _error_info(e, filename, src_lines)})
        return done
    g = {"__name__": "__main__", "__builtins__": builtins, "__file__": filename}
    coro = eval(code, g) if code.co_flags & inspect.CO_COROUTINE else _sync_main(code, g)
    from pyodide.webloop import PyodideTask

    main = PyodideTask(coro, loop=loop, name="main")  # not a lane: the cell's own top level
    cell.tasks.add(main)

    def after_main(_):
        result = {"ok": True}
        try:
            main.result()
        except asyncio.CancelledError as e:
            if cell.stopped:
                result = {"ok": False, "error": {"name": "CancelledError", "message": "", "stopped": True}}
            elif cell.interrupted:
                result = {"ok": False, "error": {"name": "KeyboardInterrupt", "message": "", "interrupted": True}}
            else:
                result = {"ok": False, "error": _error_info(e, filename, src_lines)}
        except BaseException as e:
            result = {"ok": False, "error": _error_info(e, filename, src_lines)}
        if cell.interrupted and result["ok"]:
            result = {"ok": False, "error": {"name": "KeyboardInterrupt", "message": "", "interrupted": True}}
        # as asyncio.run does: cancel what the cell left running, and let it finish (up to 1 s)
        left = [t for t in cell.tasks if not t.done()]
        if not left:
            finish(result)
            return
        for t in left:
            t.cancel()
        asyncio.gather(*left, return_exceptions=True).add_done_callback(lambda _: finish(result))
        loop.call_later(1.0, finish, result)

    main.add_done_callback(after_main)
    return done
