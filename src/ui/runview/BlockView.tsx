import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../../store';
import type { BlockView as Block } from '../../core/trajectory';
import { Badge } from '../kit/Badge';
import { Code, Output } from '../kit/Code';
import { formatInt, formatMs } from '../kit/format';
import { SubcallRow } from './SubcallRow';
import { useNow } from '../kit/useNow';
import { Disclosure } from './Disclosure';
import { VariableList, type VariableInfo } from './VariableList';

/**
 * The sandbox reports variable names today; once it also reports types and reprs (`variableInfo`),
 * they are shown without a change here.
 */
function variablesOf(block: Block & { variableInfo?: VariableInfo[] }): VariableInfo[] {
  return block.variableInfo ?? (block.variables ?? []).map((name) => ({ name }));
}

/** Output longer than the run's limit reached the model cut: say where, since the model never saw the rest. */
function CutNote({ text, max }: { text: string; max: number }) {
  // The same length the feedback message cuts (prompts.ts `formatBlockOutput`).
  const length = text.replace(/\n$/, '').length;
  // An imported log may not say what its limit was (0).
  if (max <= 0 || length <= max) return null;
  return (
    <div data-testid="output-truncated" className="text-xs text-amber-300">
      ✂ The model saw the first {formatInt(max)} of {formatInt(length)} characters.
    </div>
  );
}

/** Step mode: the user edited or skipped this block; the model's own code stays one click away. */
function StepMark({ block }: { block: Block }) {
  if (block.skipped) return <Badge tone="warn" testId="block-skipped" title="Skipped by the user in step mode: nothing ran">skipped</Badge>;
  if (block.original === undefined) return null;
  return <Badge tone="warn" testId="block-edited" title="Edited by the user in step mode: the code below is what ran">edited</Badge>;
}

function OriginalCode({ original }: { original: string }) {
  return (
    <Disclosure testId="block-original" summary="The model's original code" summaryClassName="text-xs text-amber-300">
      {() => <Code code={original} className="mt-1 opacity-80" />}
    </Disclosure>
  );
}

/** A running block's own clock, so a long block (a sleep, a slow loop) visibly goes on. */
function RunningFor({ startedAt }: { startedAt: number }) {
  const live = useApp((s) => s.runPhase.phase === 'running');
  const now = useNow(live);
  return (
    <span data-testid="block-running">
      <Badge tone="info">running… {live ? formatMs(Math.max(0, now - startedAt)) : ''}</Badge>
    </span>
  );
}

function BlockViewImpl({ block, maxOutputChars }: { block: Block; maxOutputChars: number }) {
  const subcalls = useApp(useShallow((s) => block.subcalls.map((id) => s.trajectory?.subcalls[id])));
  const status =
    block.status === 'running' ? (
      <RunningFor startedAt={block.startedAt} />
    ) : block.skipped ? null : block.ok ? (
      <Badge tone="good">ok · {formatMs(block.durationMs)}</Badge>
    ) : (
      <Badge tone="bad">
        {block.timedOut ? 'time limit' : 'error'} · {formatMs(block.durationMs)}
      </Badge>
    );
  return (
    <div data-testid="code-block" className="space-y-1.5">
      <div className="flex items-center gap-2 text-xs text-slate-400">
        <span>Block {block.block}</span>
        {block.lang === 'python' && (
          <Badge tone="warn" title="The model used ```python instead of ```repl">
            python fence
          </Badge>
        )}
        <StepMark block={block} />
        {status}
      </div>
      <Code code={block.code} className={block.skipped ? 'opacity-60 line-through decoration-slate-500' : ''} />
      {block.original !== undefined && <OriginalCode original={block.original} />}
      {block.stdout ? (
        <>
          <Output text={block.stdout} testId="block-stdout" />
          <CutNote text={block.stdout} max={maxOutputChars} />
        </>
      ) : null}
      {block.stderr ? (
        <>
          <Output text={block.stderr} tone="err" testId="block-stderr" />
          <CutNote text={block.stderr} max={maxOutputChars} />
        </>
      ) : null}
      {block.reset && <p className="text-xs text-amber-300">⚠ {block.reset}</p>}
      {block.skipped && <p className="text-xs italic text-amber-300">(block skipped by the user: nothing ran)</p>}
      {block.status === 'done' && !block.skipped && !block.stdout && !block.stderr && <p className="text-xs italic text-slate-400">(no output)</p>}
      <VariableList vars={variablesOf(block)} />
      {subcalls.length > 0 && (
        <div className="space-y-1">
          <div className="text-xs text-slate-400">Sub-calls ({subcalls.length})</div>
          {subcalls.map((c) => c && <SubcallRow key={c.id} call={c} />)}
        </div>
      )}
    </div>
  );
}

export const BlockView = memo(BlockViewImpl);
