import type {
  RawCall,
  RawChildMetadata,
  RawCodeBlock,
  RawFinal,
  RawIteration,
  RawMetadataFields,
  RawUsage,
} from './schema';
import type {
  OfficialCall,
  OfficialChild,
  OfficialCodeBlock,
  OfficialCompletion,
  OfficialIteration,
  OfficialLog,
  OfficialMetadata,
  OfficialUsage,
} from './types';

/*
 * Writes records in the package's own key order (RLMLogger.log / the to_dict methods), so
 * the official visualizer and `rlm` tooling read the file like one the package wrote.
 * Fields the model holds as undefined are left out (JSON.stringify drops them);
 * unknown fields kept in `extra` follow the known ones.
 */

function metadataToRaw(m: OfficialMetadata): RawMetadataFields {
  return {
    timestamp: m.timestamp,
    root_model: m.rootModel,
    max_depth: m.maxDepth,
    max_iterations: m.maxIterations,
    backend: m.backend,
    backend_kwargs: m.backendKwargs,
    environment_type: m.environmentType,
    environment_kwargs: m.environmentKwargs,
    other_backends: m.otherBackends,
    ...m.extra,
  };
}

function usageToRaw(u: OfficialUsage): RawUsage {
  const models: RawUsage['model_usage_summaries'] = {};
  for (const [model, s] of Object.entries(u.models)) {
    models[model] = {
      total_calls: s.calls,
      total_input_tokens: s.inputTokens,
      total_output_tokens: s.outputTokens,
      total_cost: s.cost,
      ...s.extra,
    };
  }
  return { model_usage_summaries: models, total_cost: u.totalCost, ...u.extra };
}

function childToRaw(c: OfficialChild): RawChildMetadata {
  return {
    run_metadata: c.runMetadata && metadataToRaw(c.runMetadata),
    iterations: c.iterations.map(iterationToRaw),
    ...c.metadataExtra,
  };
}

function callToRaw(c: OfficialCall): RawCall {
  return {
    root_model: c.model,
    prompt: c.prompt,
    response: c.response,
    usage_summary: c.usage && usageToRaw(c.usage),
    execution_time: c.executionTime,
    metadata: c.child && childToRaw(c.child),
    error: c.error,
    error_type: c.errorType,
    status_code: c.statusCode,
    ...c.extra,
  };
}

function codeBlockToRaw(b: OfficialCodeBlock): RawCodeBlock {
  return {
    code: b.code,
    result: {
      stdout: b.stdout,
      stderr: b.stderr,
      locals: b.locals,
      execution_time: b.executionTime,
      rlm_calls: b.calls.map(callToRaw),
      final_answer: b.finalAnswer,
      ...b.resultExtra,
    },
    ...b.extra,
  };
}

function finalToRaw(it: OfficialIteration): RawFinal {
  return it.legacyFinal ? [it.legacyFinal.marker, it.legacyFinal.value] : it.finalAnswer;
}

function iterationToRaw(it: OfficialIteration): RawIteration {
  return {
    type: 'iteration',
    iteration: it.index,
    timestamp: it.timestamp,
    prompt: it.prompt,
    response: it.response,
    code_blocks: it.codeBlocks.map(codeBlockToRaw),
    final_answer: finalToRaw(it),
    // The forced default-answer record is recognised by its missing timing, so never give it one.
    iteration_time: it.forcedDefault && it.iterationTime !== undefined ? null : it.iterationTime,
    ...it.extra,
  };
}

function completionLines(c: OfficialCompletion): string[] {
  const others = c.otherRecords ?? [];
  const lines: string[] = [];
  const othersAt = (position: number) => {
    for (const o of others) if (o.position === position) lines.push(JSON.stringify(o.record));
  };
  c.iterations.forEach((it, i) => {
    othersAt(i);
    lines.push(JSON.stringify(iterationToRaw(it)));
  });
  othersAt(c.iterations.length);
  return lines;
}

/** Serialise a log as the JSON Lines file the official package writes (trailing newline included). */
export function writeOfficialLog(log: OfficialLog): string {
  const lines: string[] = [];
  if (log.metadata) lines.push(JSON.stringify({ type: 'metadata', ...metadataToRaw(log.metadata) }));
  for (const completion of log.completions) lines.push(...completionLines(completion));
  return lines.length ? `${lines.join('\n')}\n` : '';
}
