import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importTrajectory } from '../../core/import';
import { replay, type Trajectory } from '../../core/trajectory';
import type { RunEvent } from '../../core/events';
import { branchKeys, flatten, timeTicks, treeKey, viewTree } from './viewTree';

const fixture = (name: string): Trajectory =>
  replay(importTrajectory(readFileSync(`tests/fixtures/official-rlm/${name}.jsonl`, 'utf8')).events)!;

const shape = (t: Trajectory, collapsed = new Set<string>()) =>
  flatten(viewTree(t)!, collapsed).map((r) => `${'  '.repeat(r.level - 1)}${r.node.kind}:${r.node.depth}`);

describe('tree panel rows', () => {
  it('nests the child run and its iterations under the rlm_query sub-call (depth2_nested)', () => {
    const t = fixture('depth2_nested');
    expect(shape(t)).toEqual([
      'run:0',
      '  iteration:0',
      '    block:0',
      '  iteration:0',
      '    block:0',
      '      subcall:0',
      '        run:1',
      '          iteration:1',
      '            block:1',
      '          iteration:1',
      '            block:1',
      '              subcall:1',
      '          iteration:1',
      '            block:1',
      '  iteration:0',
      '    block:0',
    ]);
    const rows = flatten(viewTree(t)!, new Set());
    const child = rows.find((r) => r.node.kind === 'run' && r.node.depth === 1)!;
    expect(rows[child.parent].node.kind).toBe('subcall');
    // Child iterations select in the child run, numbered from 1.
    expect(child.node.children.map((c) => [c.runId, c.iteration])).toEqual([1, 2, 3].map((n) => [child.node.key, n]));
  });

  it('puts a session’s turns in order, each over its own iterations (persistent_multiturn)', () => {
    const root = viewTree(fixture('persistent_multiturn'))!;
    expect(root.children.map((c) => c.kind)).toEqual(['turn', 'turn']);
    expect(root.children[0].label).toBe('Turn 1: Who owns the budget review?');
    expect(root.children[1].label).toMatch(/^Turn 2: Given both standups/);
    expect(root.children.map((c) => c.children.map((i) => i.iteration))).toEqual([[1, 2], [1, 2, 3]]);
    // A turn rolls up its iterations.
    const t1 = root.children[0];
    expect(t1.tokensIn).toBe(t1.children.reduce((s, c) => s + c.tokensIn, 0));
    expect(t1.tokensIn).toBeGreaterThan(0);
  });

  it('leaves the children of a collapsed node out of the rows', () => {
    const t = fixture('depth2_nested');
    const root = viewTree(t)!;
    const sub = flatten(root, new Set()).find((r) => r.node.kind === 'subcall' && r.node.depth === 0)!;
    const rows = flatten(root, new Set([sub.node.key]));
    expect(rows.some((r) => r.node.depth === 1)).toBe(false);
    expect(rows.find((r) => r.node.key === sub.node.key)!.expanded).toBe(false);
    expect(flatten(root, new Set(branchKeys(root)))).toHaveLength(1);
  });

  it('moves like a WAI-ARIA tree', () => {
    const root = viewTree(fixture('depth2_nested'))!;
    const open = flatten(root, new Set());
    expect(treeKey(open, 0, 'ArrowDown')).toEqual({ index: 1 });
    expect(treeKey(open, 0, 'ArrowUp')).toEqual({ index: 0 });
    expect(treeKey(open, 0, 'End')).toEqual({ index: open.length - 1 });
    expect(treeKey(open, 2, 'ArrowLeft')).toEqual({ index: 1 }); // a leaf goes to its parent
    expect(treeKey(open, 1, 'ArrowLeft')).toEqual({ toggle: open[1].node.key }); // an open node closes
    expect(treeKey(open, 1, 'ArrowRight')).toEqual({ index: 2 }); // an open node enters
    expect(treeKey(open, 2, 'ArrowRight')).toBeNull();
    const closed = flatten(root, new Set([open[1].node.key]));
    expect(treeKey(closed, 1, 'ArrowRight')).toEqual({ toggle: open[1].node.key });
  });

  it('keeps 1,000 iterations with 3 sub-calls each quick to build and flatten', () => {
    const t = replay(bigRun(1000))!;
    const t0 = performance.now();
    const rows = flatten(viewTree(t)!, new Set());
    const ms = performance.now() - t0;
    expect(rows).toHaveLength(1 + 1000 * 5);
    console.log(`viewTree + flatten, 1,000 iterations (${rows.length} rows): ${ms.toFixed(1)} ms`);
    expect(ms).toBeLessThan(500);
  });
});

describe('time axis', () => {
  it('picks round steps covering the span', () => {
    expect(timeTicks(1000)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(timeTicks(2.5)).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    expect(timeTicks(0)).toEqual([0]);
  });
});

function bigRun(n: number): RunEvent[] {
  const env = { runId: 'big', parentCallId: null, depth: 0, turn: 0 };
  const settings = { rootModel: 'm', subModel: 's', rootEndpoint: 'e', subEndpoint: 'e', maxIterations: n, maxOutputChars: 9, blockTimeoutMs: 9, subcallConcurrency: 3 };
  const usage = { inputTokens: 10, outputTokens: 2, estimated: false };
  const out: RunEvent[] = [{ type: 'run-started', at: 0, question: 'q', context: null, settings, ...env }];
  for (let i = 1; i <= n; i++) {
    const at = i * 10;
    out.push({ type: 'iteration-started', iteration: i, at, forced: false, ...env });
    out.push({ type: 'response', iteration: i, at, content: 'c', thinking: '', usage, cost: 0, model: 'm', durationMs: 1, ...env });
    out.push({ type: 'code-started', iteration: i, block: 1, at, code: 'x', lang: 'repl', ...env });
    for (let c = 0; c < 3; c++) {
      out.push({ type: 'subcall-started', id: `s${i}-${c}`, iteration: i, block: 1, at, prompt: 'p', model: 's', ...env });
      out.push({ type: 'subcall-finished', id: `s${i}-${c}`, at: at + 5, response: 'r', usage, cost: 0, durationMs: 5, ...env });
    }
    out.push({ type: 'code-finished', iteration: i, block: 1, at: at + 6, stdout: '', stderr: '', ok: true, durationMs: 6, variables: [], ...env });
  }
  return out;
}
