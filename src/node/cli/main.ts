#!/usr/bin/env node
/** `rlm-studio`: ask, chat, bench, serve. Each subcommand's module does the work; this file only wires flags. */
import { Command, CommanderError } from 'commander';
import { SANDBOX_BOUNDARY } from '../sandbox-host';
import { ask } from './ask';
import { chat } from './chat';
import { EXIT } from './exit';
import { addModelFlags } from './options';
import { registerBench } from './bench-command';
import { registerServe } from './serve-command';

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function buildProgram(done: (code: number) => void): Command {
  const program = new Command('rlm-studio')
    .description('Recursive Language Models from the shell: the engine of the RLM Studio page, without the page.')
    .addHelpText('after', `\nSandbox: ${SANDBOX_BOUNDARY}\nKeys are read from the environment (OPENAI_API_KEY, ANTHROPIC_API_KEY, …), never from flags.`)
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();

  addModelFlags(
    program
      .command('ask')
      .description('answer one question; files (or piped stdin) become `context` (several: context_0, context_1, …)')
      .argument('<question>', 'the question')
      .argument('[files...]', 'context files; - reads stdin')
      .option('-c, --context <file>', 'a context file (repeatable)', collect)
      .option('--json', 'print one JSON object: answer, iterations, stopReason, usage, cost, …')
      .option('--trace <file>', "write the run as the official rlm package's JSONL (opens in RLM Studio and the official visualizer)")
      .option('--events <file>', "write RLM Studio's own event JSONL")
      .option('-q, --quiet', 'no progress on stderr')
      .option('--progress', 'progress on stderr even when it is not a terminal')
      .addHelpText('after', `\nExit codes: 0 answered, ${EXIT.budget} a budget or the iteration cap stopped the run, ${EXIT.error} error, ${EXIT.usage} bad usage, ${EXIT.stopped} interrupted.`),
  ).action(async (question: string, files: string[], flags) => done(await ask(question, files, flags)));

  addModelFlags(
    program
      .command('chat')
      .description('interactive questions on one persistent REPL: /context FILE, /model NAME, /quit')
      .option('-c, --context <file>', 'a file preloaded as context (repeatable)', collect),
  ).action(async (flags) => done(await chat(flags)));

  registerBench(program, done);
  registerServe(program, done);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  let code: number | null = null;
  const program = buildProgram((c) => (code = c));
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT.usage;
    process.stderr.write(`rlm-studio: error: ${(e as Error).message}\n`);
    return EXIT.error;
  }
  return code ?? 0;
}

process.exitCode = await main(process.argv);
