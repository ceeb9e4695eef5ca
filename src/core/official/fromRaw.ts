import { KNOWN } from './schema';
import type {
  RawCall,
  RawChildMetadata,
  RawCodeBlock,
  RawFinal,
  RawIteration,
  RawMetadataFields,
  RawModelUsage,
  RawUsage,
} from './schema';
import type {
  JsonObject,
  JsonValue,
  OfficialChild,
  OfficialCall,
  OfficialCodeBlock,
  OfficialIteration,
  OfficialLegacyFinal,
  OfficialMetadata,
  OfficialModelUsage,
  OfficialUsage,
} from './types';

/** `{ [key]: value }` when the file held the field, `{}` otherwise, so absent stays absent. */
function opt<K extends string, T>(key: K, value: T | undefined): { [P in K]?: T } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: T });
}

function extraOf(raw: Record<string, unknown>, known: readonly string[], key = 'extra'): Record<string, JsonObject> {
  const extra: JsonObject = {};
  let any = false;
  for (const [k, val] of Object.entries(raw)) {
    if (known.includes(k)) continue;
    extra[k] = val as JsonValue;
    any = true;
  }
  return any ? { [key]: extra } : {};
}

export function metadataFromRaw(raw: RawMetadataFields, known: readonly string[]): OfficialMetadata {
  return {
    ...opt('timestamp', raw.timestamp),
    rootModel: raw.root_model,
    ...opt('maxDepth', raw.max_depth),
    ...opt('maxIterations', raw.max_iterations),
    ...opt('backend', raw.backend),
    ...opt('backendKwargs', raw.backend_kwargs),
    ...opt('environmentType', raw.environment_type),
    ...opt('environmentKwargs', raw.environment_kwargs),
    ...opt('otherBackends', raw.other_backends),
    ...extraOf(raw, known),
  };
}

function modelUsageFromRaw(raw: RawModelUsage): OfficialModelUsage {
  return {
    calls: raw.total_calls,
    inputTokens: raw.total_input_tokens,
    outputTokens: raw.total_output_tokens,
    ...opt('cost', raw.total_cost),
    ...extraOf(raw, KNOWN.modelUsage),
  };
}

function usageFromRaw(raw: RawUsage): OfficialUsage {
  const models: Record<string, OfficialModelUsage> = {};
  for (const [model, usage] of Object.entries(raw.model_usage_summaries)) models[model] = modelUsageFromRaw(usage);
  return { models, ...opt('totalCost', raw.total_cost), ...extraOf(raw, KNOWN.usage) };
}

/**
 * Latest REPL variables seen in a completion, to resolve a legacy `["FINAL_VAR", name]`
 * the way the package did (by reading the variable).
 */
interface Scope {
  locals: JsonObject;
}

type FinalFields = { finalAnswer: string | null; legacyFinal?: OfficialLegacyFinal };

function finalFromRaw(raw: RawFinal | undefined, scope: Scope): FinalFields {
  if (raw === undefined || raw === null) return { finalAnswer: null };
  if (typeof raw === 'string') return { finalAnswer: raw };
  const [marker, value] = raw;
  const legacyFinal = { marker, value };
  // The visualizer shows any pair's second element; only FINAL_VAR's is a name to resolve.
  if (marker !== 'FINAL_VAR') return { finalAnswer: value, legacyFinal };
  const resolved = scope.locals[value];
  // Only a string variable has an unambiguous text; Python's str() of anything else is not reproducible here.
  return { finalAnswer: typeof resolved === 'string' ? resolved : null, legacyFinal };
}

function childFromRaw(raw: RawChildMetadata): OfficialChild {
  const completion = completionFromRaw(raw.iterations);
  return {
    ...opt('runMetadata', raw.run_metadata && metadataFromRaw(raw.run_metadata, KNOWN.runMetadata)),
    ...completion,
    ...extraOf(raw, KNOWN.childMetadata, 'metadataExtra'),
  };
}

function callFromRaw(raw: RawCall): OfficialCall {
  return {
    model: raw.root_model,
    prompt: raw.prompt,
    response: raw.response,
    ...opt('usage', raw.usage_summary && usageFromRaw(raw.usage_summary)),
    ...opt('executionTime', raw.execution_time),
    ...opt('error', raw.error),
    ...opt('errorType', raw.error_type),
    ...opt('statusCode', raw.status_code),
    ...opt('child', raw.metadata && childFromRaw(raw.metadata)),
    ...extraOf(raw, KNOWN.call),
  };
}

function codeBlockFromRaw(raw: RawCodeBlock, scope: Scope): OfficialCodeBlock {
  const r = raw.result;
  const locals = r.locals ?? {};
  scope.locals = locals;
  const final = r.final_answer === undefined ? {} : { finalAnswer: finalFromRaw(r.final_answer, scope).finalAnswer };
  return {
    code: raw.code,
    stdout: r.stdout,
    stderr: r.stderr,
    locals,
    ...opt('executionTime', r.execution_time),
    calls: (r.rlm_calls ?? []).map(callFromRaw),
    ...final,
    ...extraOf(r, KNOWN.result, 'resultExtra'),
    ...extraOf(raw, KNOWN.codeBlock),
  };
}

export function iterationFromRaw(raw: RawIteration, position: number, scope: Scope): OfficialIteration {
  const codeBlocks = raw.code_blocks.map((block) => codeBlockFromRaw(block, scope));
  const final = finalFromRaw(raw.final_answer, scope);
  return {
    index: raw.iteration ?? position + 1,
    ...opt('timestamp', raw.timestamp),
    ...opt('prompt', raw.prompt),
    response: raw.response,
    codeBlocks,
    ...final,
    // The package's _default_answer logs the raw reply as the answer, with no code and no timing
    // (the oldest logs have no iteration_time at all); a FINAL(...) answer differs from its response.
    forcedDefault:
      codeBlocks.length === 0 && raw.iteration_time == null && typeof raw.final_answer === 'string' && raw.final_answer === raw.response,
    ...opt('iterationTime', raw.iteration_time),
    ...extraOf(raw, KNOWN.iteration),
  };
}

export function newScope(): Scope {
  return { locals: {} };
}

/** A child trajectory is one completion: no splitting, its own variable scope. */
function completionFromRaw(raws: RawIteration[]): { iterations: OfficialIteration[]; finalAnswer: string | null } {
  const scope = newScope();
  const iterations = raws.map((raw, i) => iterationFromRaw(raw, i, scope));
  return { iterations, finalAnswer: iterations.at(-1)?.finalAnswer ?? null };
}
