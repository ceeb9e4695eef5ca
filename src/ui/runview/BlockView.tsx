import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../../store';
import type { BlockView as Block } from '../../core/trajectory';
import { Badge } from '../kit/Badge';
import { Code, Output } from '../kit/Code';
import { formatInt, formatMs } from '../kit/format';
import { SubcallRow } from './SubcallRow';
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

function BlockViewImpl({ block, maxOutputChars }: { block: Block; maxOutputChars: number }) {
  const subcalls = useApp(useShallow((s) => block.subcalls.map((id) => s.trajectory?.subcalls[id])));
  const status =
    block.status === 'running' ? (
      <Badge tone="info">running…</Badge>
    ) : block.ok ? (
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
        {status}
      </div>
      <Code code={block.code} />
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
      {block.status === 'done' && !block.stdout && !block.stderr && <p className="text-xs italic text-slate-400">(no output)</p>}
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
