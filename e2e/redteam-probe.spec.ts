import { expect, test } from '@playwright/test';
import { ask, expectSandboxReady, FAKE, ollamaUrl } from './helpers';

const helper = String.raw`
import js, asyncio
from pyodide.ffi import to_js
def O(**kw): return to_js(kw, dict_converter=js.Object.fromEntries)
async def t(name, coro):
    try:
        r = await asyncio.wait_for(coro, 3)
        print(name, 'OK', str(r)[:300])
    except BaseException as e:
        print(name, 'FAIL', type(e).__name__, str(e)[:300])
`;
const blocks = [helper, ...(process.env.PROBE ?? '').split('\n----\n')];

test('probe', async ({ page }) => {
  test.setTimeout(300_000);
  const model = 'scripted:rt-probe';
  await fetch(`${FAKE}/__script`, { method: 'POST', body: JSON.stringify({ model, responses: [blocks.map((b) => '```repl\n' + b + '\n```').join('\n'), '```repl\nFINAL("done")\n```'] }) });
  await page.goto(ollamaUrl(model, '&blockTimeoutMs=' + (process.env.BT ?? '8000')));
  await expectSandboxReady(page);
  await ask(page, 'probe');
  await expect(page.getByTestId('final-answer')).toHaveText('done', { timeout: 200_000 }).catch(async (e) => console.log('BODY', await page.locator('body').innerText()));
  for (const b of await page.getByTestId('code-block').all()) {
    console.log('=====\n' + (await b.innerText()).split('\n').filter((l) => !/^(import|from|def|async def|    |await t)/.test(l)).join('\n'));
  }
});
