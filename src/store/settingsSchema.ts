import * as v from 'valibot';
import { finiteNumber } from '../core/event-schema';
import { describeIssue } from '../core/schema-issues';
import { PROMPT_STRATEGIES } from '../core/strategies';
import type { Settings } from './settingsTypes';

/**
 * What localStorage gives back is untrusted: an older app's shape, a hand
 * edit, another tab's bug. Every field is checked on its own and a bad one
 * falls back to its default, so one broken value never costs the others.
 * Missing fields are normal (settings saved before the field existed) and
 * are not reported; wrong ones are, through `report`.
 */

export const providerKindSchema = v.picklist(['ollama', 'openai', 'anthropic', 'inpage']);
export const positive = v.pipe(finiteNumber, v.gtValue(0));
export const atLeastOne = v.pipe(finiteNumber, v.integer(), v.minValue(1));
export const wholeOrZero = v.pipe(finiteNumber, v.integer(), v.minValue(0));
export const zeroOrMore = v.pipe(finiteNumber, v.minValue(0));
export const strategySchema = v.picklist(PROMPT_STRATEGIES);
/** A budget: null (or absent) is unlimited. */
const limit = (n: v.GenericSchema<number>) => v.nullable(n);

type Report = (problem: string) => void;

/** A value that falls back to `def` when absent (silently) or wrong (reported). */
function field<S extends v.GenericSchema>(report: Report, path: string, schema: S, def: v.InferOutput<S>) {
  const fallback = v.fallback(schema, (dataset) => {
    const issue = dataset?.issues?.[0];
    if (issue) report(`Saved setting ${describeIssue(issue, path)}; the default is used.`);
    return structuredClone(def);
  });
  return v.optional(fallback, () => structuredClone(def));
}

/** A group of fields: a non-object in its place is reported and all its fields take their defaults. */
function group<E extends v.ObjectEntries>(report: Report, path: string, entries: E) {
  const schema = v.object(entries);
  // Every field has a default, so an empty object reads as the group's defaults.
  const defaults = () => v.parse(schema, {});
  const fallback = v.fallback(schema, (dataset) => {
    report(`Saved setting \`${path}\` must be an object (got ${dataset?.issues?.[0]?.received ?? 'something else'}); its defaults are used.`);
    return defaults();
  });
  return v.optional(fallback, defaults);
}

/** A table whose rows are checked one by one: a bad row is dropped and reported, the others kept. */
function table<S extends v.GenericSchema>(report: Report, path: string, row: S, def: Record<string, v.InferOutput<S>>) {
  const rows = v.pipe(
    // valibot's record skips `__proto__`, `constructor` and `prototype` keys.
    v.record(v.string(), v.unknown()),
    v.transform((input) => {
      const out: Record<string, v.InferOutput<S>> = {};
      for (const [key, value] of Object.entries(input)) {
        const r = v.safeParse(row, value);
        if (r.success) out[key] = r.output;
        else report(`Saved setting ${describeIssue(r.issues[0], `${path}.${key}`)}; that entry was dropped.`);
      }
      return out;
    }),
  );
  return field(report, path, rows, def);
}

export function settingsSchema(report: Report, defaults: Settings) {
  const d = defaults.engine;
  const p = defaults.providers;
  const engine = group(report, 'engine', {
    maxIterations: field(report, 'engine.maxIterations', atLeastOne, d.maxIterations),
    maxOutputChars: field(report, 'engine.maxOutputChars', positive, d.maxOutputChars),
    blockTimeoutMs: field(report, 'engine.blockTimeoutMs', positive, d.blockTimeoutMs),
    subcallConcurrency: field(report, 'engine.subcallConcurrency', atLeastOne, d.subcallConcurrency),
    temperature: field(report, 'engine.temperature', v.pipe(finiteNumber, v.minValue(0)), d.temperature),
    think: field(report, 'engine.think', v.picklist(['on', 'off', 'auto']), d.think),
    numCtx: field(report, 'engine.numCtx', atLeastOne, d.numCtx),
    maxDepth: field(report, 'engine.maxDepth', atLeastOne, d.maxDepth),
    maxSubcalls: field(report, 'engine.maxSubcalls', limit(wholeOrZero), d.maxSubcalls),
    maxTokens: field(report, 'engine.maxTokens', limit(wholeOrZero), d.maxTokens),
    maxCostUsd: field(report, 'engine.maxCostUsd', limit(zeroOrMore), d.maxCostUsd),
    maxWallMs: field(report, 'engine.maxWallMs', limit(zeroOrMore), d.maxWallMs),
    maxErrors: field(report, 'engine.maxErrors', limit(wholeOrZero), d.maxErrors),
    childConcurrency: field(report, 'engine.childConcurrency', atLeastOne, d.childConcurrency),
    subcallCache: field(report, 'engine.subcallCache', v.boolean(), d.subcallCache),
    strategy: field(report, 'engine.strategy', strategySchema, d.strategy),
    systemPrompt: field(report, 'engine.systemPrompt', v.string(), d.systemPrompt),
    compactAt: field(report, 'engine.compactAt', v.pipe(finiteNumber, v.minValue(0), v.maxValue(1)), d.compactAt),
  });
  const providers = group(report, 'providers', {
    ollama: group(report, 'providers.ollama', {
      host: field(report, 'providers.ollama.host', v.string(), p.ollama.host),
      hosts: field(report, 'providers.ollama.hosts', v.array(v.string()), p.ollama.hosts),
      modelHosts: table(report, 'providers.ollama.modelHosts', v.string(), p.ollama.modelHosts),
    }),
    openai: group(report, 'providers.openai', {
      preset: field(report, 'providers.openai.preset', v.string(), p.openai.preset),
      baseURL: field(report, 'providers.openai.baseURL', v.string(), p.openai.baseURL),
    }),
    anthropic: group(report, 'providers.anthropic', {
      baseURL: field(report, 'providers.anthropic.baseURL', v.string(), p.anthropic.baseURL),
    }),
    inpage: group(report, 'providers.inpage', {
      nCtx: field(report, 'providers.inpage.nCtx', atLeastOne, p.inpage.nCtx),
    }),
  });
  const price = v.object({ input: v.pipe(finiteNumber, v.minValue(0)), output: v.pipe(finiteNumber, v.minValue(0)) });
  return v.object({
    providers,
    rootProvider: field(report, 'rootProvider', providerKindSchema, defaults.rootProvider),
    rootModel: field(report, 'rootModel', v.string(), defaults.rootModel),
    subProvider: field(report, 'subProvider', providerKindSchema, defaults.subProvider),
    subModel: field(report, 'subModel', v.string(), defaults.subModel),
    engine,
    // The saved table replaces the defaults whole: a row the user deleted must stay deleted.
    prices: table(report, 'prices', price, defaults.prices),
    callTimeoutMs: field(report, 'callTimeoutMs', positive, defaults.callTimeoutMs),
  });
}

// Compile-time: the schema reads back exactly a Settings.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesSettings: Same<v.InferOutput<ReturnType<typeof settingsSchema>>, Settings> = true;
void schemaMatchesSettings;
