/** `rlm-studio chat`: the seed's interactive loop on ONE persistent REPL (/context FILE, /model NAME, /quit). */
import { createInterface } from 'node:readline/promises';
import { readContextFiles } from '../context';
import { RLM } from '../rlm';
import { EXIT } from './exit';
import { rlmOptions, type ModelFlags } from './options';
import { Progress } from './progress';

export interface ChatFlags extends ModelFlags {
  context?: string[];
}

const HELP = 'Type a question. /context FILE adds a file (context_1, context_2, …), /model NAME switches the root model, /quit exits.';

export async function chat(flags: ChatFlags): Promise<number> {
  const rlm = new RLM(rlmOptions(flags));
  const session = rlm.session();
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY === true });
  const say = (s: string) => process.stdout.write(s + '\n');
  let model = flags.model;
  let ctrl: AbortController | null = null;
  // Ctrl-C stops the running question; at the prompt it leaves.
  rl.on('SIGINT', () => (ctrl ? ctrl.abort() : rl.close()));
  try {
    if (flags.context?.length) {
      const metas = await session.addContext(await readContextFiles(flags.context));
      for (const m of metas) say(`Loaded ${m.name} (${m.totalChars.toLocaleString('en-US')} chars).`);
    }
    say(`RLM chat with ${model}. ${HELP}`);
    for (;;) {
      let line: string;
      try {
        line = (await rl.question('> ')).trim();
      } catch {
        break; // input closed (Ctrl-D, or the pipe ended)
      }
      if (!line) continue;
      if (line === '/quit' || line === '/exit') break;
      if (line === '/help') {
        say(HELP);
        continue;
      }
      if (line.startsWith('/model')) {
        const name = line.slice(6).trim();
        if (!name) say(`Root model: ${model}. Usage: /model NAME`);
        else {
          session.setModel((model = name));
          say(`Root model: ${model}.`);
        }
        continue;
      }
      if (line.startsWith('/context')) {
        const file = line.slice(8).trim();
        if (!file) {
          say('Usage: /context FILE');
          continue;
        }
        try {
          const metas = await session.addContext(await readContextFiles([file]));
          for (const m of metas) say(`Loaded ${m.name} as ${m.slot === 0 ? 'context' : `context_${m.slot}`} (${m.totalChars.toLocaleString('en-US')} chars).`);
        } catch (e) {
          say(`Could not add ${file}: ${(e as Error).message}`);
        }
        continue;
      }
      if (line.startsWith('/')) {
        say(`Unknown command ${line.split(/\s/)[0]}. ${HELP}`);
        continue;
      }
      ctrl = new AbortController();
      const progress = new Progress(process.stderr, process.stderr.isTTY === true);
      const r = await session.completion({ prompt: line, signal: ctrl.signal, onEvent: progress.onEvent });
      progress.done();
      ctrl = null;
      if (r.error) say(`Error: ${r.error}`);
      else say(r.answer ?? `(no answer: ${r.stopReason})`);
      say(`[${r.iterations} iterations, ${r.totalTime.toFixed(1)}s${r.cost ? `, $${r.cost.toFixed(4)}` : ''}]`);
    }
    return EXIT.answered;
  } finally {
    rl.close();
    await session.close();
    await rlm.close();
  }
}
