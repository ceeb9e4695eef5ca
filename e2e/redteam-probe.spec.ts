import { expect, test } from '@playwright/test';
import { ask, expectSandboxReady, FAKE, ollamaUrl } from './helpers';

const code = String.raw`
import js, asyncio
from pyodide.ffi import to_js
async def t(name, coro):
    try:
        r = await asyncio.wait_for(coro, 3)
        print(name, 'OK', str(r)[:200])
    except BaseException as e:
        print(name, 'FAIL', type(e).__name__, str(e)[:200])
async def opfs():
    root = await js.navigator.storage.getDirectory()
    fh = await root.getFileHandle('redteam.txt', to_js({'create': True}, dict_converter=js.Object.fromEntries))
    w = await fh.createWritable()
    await w.write('stash')
    await w.close()
    f = await fh.getFile()
    return await f.text()
await t('opfs', opfs())
async def bucket(name):
    b = await js.navigator.storageBuckets.open(name)
    idb = b.indexedDB
    req = idb.open('rlm-studio')
    fut = asyncio.get_event_loop().create_future()
    req.onsuccess = lambda e: fut.set_result(list(req.result.objectStoreNames))
    req.onerror = lambda e: fut.set_result('error ' + str(req.error))
    r = await fut
    names = await js.navigator.storageBuckets.keys()
    return (r, list(names), list(await idb.databases()))
await t('bucket-default', bucket('default'))
await t('bucket-x', bucket('redteam'))
async def bcaches():
    b = await js.navigator.storageBuckets.open('redteam2')
    c = await b.caches.open('x')
    await c.put('/x', js.Response.new('stash'))
    return list(await b.caches.keys())
await t('bucket-caches', bcaches())
async def est():
    e = await js.navigator.storage.estimate()
    p = await js.navigator.storage.persisted()
    return (e.usage, e.quota, p)
await t('estimate', est())
def wfs():
    fut = asyncio.get_event_loop().create_future()
    js.webkitRequestFileSystem(0, 1024, lambda fs: fut.set_result(str(fs.name)), lambda e: fut.set_result('err ' + str(e)))
    return fut
await t('webkitfs', wfs())
async def locks():
    q = await js.navigator.locks.query()
    return (len(q.held), len(q.pending))
await t('locks', locks())
async def wfs_sync():
    fs = js.webkitRequestFileSystemSync(0, 1024)
    return fs.name
await t('webkitfs-sync', wfs_sync())
async def fn():
    return js.Function.new('return 1+1')()
await t('Function', fn())
async def m():
    import pyodide_js
    mod = pyodide_js._module
    return (type(mod).__name__, len(mod.HEAPU8), [k for k in dir(mod) if 'sock' in k.lower() or 'fetch' in k.lower() or 'websocket' in k.lower() or 'xhr' in k.lower()][:50])
await t('module', m())
async def lazy():
    import pyodide_js
    pyodide_js.FS.createLazyFile('/', 'lazy.txt', 'http://127.0.0.1:9/hit/lazy', True, False)
    return open('/lazy.txt').read()
await t('lazy', lazy())
async def sock():
    import socket
    s = socket.create_connection(('127.0.0.1', 9), timeout=2)
    s.send(b'GET / HTTP/1.0\r\n\r\n')
    return s.recv(100)
await t('sock', sock())
async def pyx():
    import pyodide.http as h
    return [k for k in dir(h) if not k.startswith('_')]
await t('pyodide.http', pyx())
async def urll():
    import urllib.request
    return urllib.request.urlopen('http://127.0.0.1:9/hit/urllib', timeout=2).read()
await t('urllib', urll())
async def env():
    import os
    return dict(os.environ)
await t('env', env())
`;

test('probe', async ({ page }) => {
  const model = 'scripted:rt-probe';
  await fetch(`${FAKE}/__script`, { method: 'POST', body: JSON.stringify({ model, responses: ['```repl\n' + code + '\n```', '```repl\nFINAL("done")\n```'] }) });
  await page.goto(ollamaUrl(model));
  await expectSandboxReady(page);
  await ask(page, 'probe');
  await expect(page.getByTestId('final-answer')).toHaveText('done', { timeout: 60_000 }).catch(async (e) => console.log('BODY', await page.locator('body').innerText()));
  const outs = await page.getByTestId('block-stdout').allInnerTexts();
  const errs = await page.getByTestId('block-stderr').allInnerTexts();
  console.log(outs.join('\n----\n'));
  console.log('ERR', errs.join('\n----\n'));
});
