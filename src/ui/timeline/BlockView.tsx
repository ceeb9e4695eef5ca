import type { BlockView as Block, SubcallView } from '../../core/trajectory';
import { Badge } from '../kit/Badge';
import { Code, Output } from '../kit/Code';
import { formatMs } from '../kit/format';
import { SubcallRow } from './SubcallRow';

export function BlockView({ block, subcalls }: { block: Block; subcalls: Record<string, SubcallView> }) {
  const status =
    block.status === 'running' ? (
      <Badge tone="info">running…</Badge>
    ) : block.ok ? (
      <Badge tone="good">ok · {formatMs(block.durationMs)}</Badge>
    ) : (
      <Badge tone="bad">{block.timedOut ? 'time limit' : 'error'} · {formatMs(block.durationMs)}</Badge>
    );
  return (
    <div data-testid="code-block" className="space-y-1.5">
      <div className="flex items-center gap-2 text-xs text-slate-400">
        <span>Block {block.block}</span>
        {block.lang === 'python' && <Badge tone="warn" title="The model used ```python instead of ```repl">python fence</Badge>}
        {status}
      </div>
      <Code code={block.code} />
      {block.subcalls.length > 0 && (
        <div className="space-y-1">
          {block.subcalls.map((id) => subcalls[id] && <SubcallRow key={id} call={subcalls[id]} />)}
        </div>
      )}
      {block.stdout ? <Output text={block.stdout} testId="block-stdout" /> : null}
      {block.stderr ? <Output text={block.stderr} tone="err" testId="block-stderr" /> : null}
      {block.reset && <p className="text-xs text-amber-300">⚠ {block.reset}</p>}
      {block.status === 'done' && !block.stdout && !block.stderr && <p className="text-xs italic text-slate-400">(no output)</p>}
    </div>
  );
}
