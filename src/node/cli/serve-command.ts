/** `rlm-studio serve --port 8000`: the OpenAI-compatible endpoint, with the same model and provider flags as `ask`. */
import type { Command } from 'commander';
import { serve } from '../serve/server';
import { EXIT } from './exit';
import { addModelFlags, rlmOptions, type ModelFlags } from './options';

interface ServeFlags extends ModelFlags {
  port: string;
  bind: string;
  sandboxes: string;
  keepAlive: string;
  retryAfter: string;
  contextChars: string;
  quiet?: boolean;
}

export function registerServe(program: Command, done: (code: number) => void): void {
  addModelFlags(
    program
      .command('serve')
      .description('an OpenAI-compatible server: /v1/models, /v1/chat/completions (long user content becomes the context)')
      .option('--port <n>', 'port (0 picks a free one)', '8000')
      .option('--bind <address>', 'address to listen on (0.0.0.0 for every interface)', '127.0.0.1')
      .option('--sandboxes <n>', 'runs at once; one more request gets 429 with Retry-After', '2')
      .option('--keep-alive <s>', 'seconds between SSE keep-alive comments while a run works', '10')
      .option('--retry-after <s>', 'Retry-After of a 429', '2')
      .option('--context-chars <n>', 'user content longer than this is context, not question', '2000')
      .option('-q, --quiet', 'no request log on stderr'),
  ).action(async (flags: ServeFlags) => {
    const s = await serve({
      rlm: { ...rlmOptions(flags), sandboxes: Number(flags.sandboxes) },
      port: Number(flags.port), bind: flags.bind, keepAliveS: Number(flags.keepAlive), retryAfterS: Number(flags.retryAfter),
      contextChars: Number(flags.contextChars),
      log: flags.quiet ? undefined : (l) => process.stderr.write(l + '\n'),
    });
    // The line a script (or test) waits for; the port is the real one when --port 0.
    process.stderr.write(`rlm-studio serve: listening on ${s.url}/v1 (model ${flags.model}, ${flags.sandboxes} sandboxes)\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await s.close();
    done(EXIT.answered);
  });
}
