import { memo, useCallback, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Trajectory } from '../../core/trajectory';
import { formatCost, formatInt, formatMs } from '../kit/format';
import { branchKeys, flatten, treeKey, viewTree, type Row } from './viewTree';

const ROW_PX = 28;
const KIND: Record<Row['node']['kind'], string> = { run: 'run', turn: 'turn', iteration: 'iter', block: 'block', subcall: 'call' };
const DEPTH_TEXT = ['text-sky-300', 'text-violet-300', 'text-amber-300', 'text-emerald-300'];

type Select = (runId: string, iteration: number) => void;

/**
 * The tree of calls as a WAI-ARIA tree over a virtual list: only the rows in view are in
 * the DOM, so a 1,000-iteration run scrolls like a short one. Focus stays on the tree and
 * the active row is named by aria-activedescendant, which survives rows being recycled.
 */
export function CallTree({ trajectory, onSelect }: { trajectory: Trajectory; onSelect: Select }) {
  const root = useMemo(() => viewTree(trajectory), [trajectory]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const rows = useMemo(() => (root ? flatten(root, collapsed) : []), [root, collapsed]);
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const active = Math.max(0, rows.findIndex((r) => r.node.key === activeKey));
  const scrollRef = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_PX, overscan: 12 });
  const items = v.getVirtualItems();

  const toggle = useCallback((key: string) => {
    setCollapsed((c) => {
      const next = new Set(c);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  }, []);
  const activate = useCallback(
    (row: Row) => {
      setActiveKey(row.node.key);
      if (row.node.kind === 'iteration' && row.node.iteration !== undefined) onSelect(row.node.runId, row.node.iteration);
    },
    [onSelect],
  );

  const onKeyDown = (e: KeyboardEvent) => {
    const row = rows[active];
    if (!row) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      if (row.node.kind === 'iteration') activate(row);
      else if (row.node.children.length) toggle(row.node.key);
      return;
    }
    const move = treeKey(rows, active, e.key);
    if (!move) return;
    e.preventDefault();
    if ('toggle' in move) return toggle(move.toggle);
    setActiveKey(rows[move.index].node.key);
    v.scrollToIndex(move.index, { align: 'auto' });
  };

  if (!root) return null;
  const activeShown = items.some((it) => it.index === active);
  return (
    <div className="space-y-2">
      <div className="flex gap-3 text-xs">
        <button type="button" className="text-sky-400 hover:underline" onClick={() => setCollapsed(new Set())}>
          Expand all
        </button>
        <button type="button" className="text-sky-400 hover:underline" onClick={() => setCollapsed(new Set(branchKeys(root).slice(1)))}>
          Collapse all
        </button>
        <span className="ml-auto text-slate-400">
          {formatInt(rows.length)} rows · ↑/↓ move, ←/→ close/open, Enter selects an iteration
        </span>
      </div>
      <div
        ref={scrollRef}
        role="tree"
        aria-label="Tree of calls"
        tabIndex={0}
        aria-activedescendant={activeShown ? rowId(rows[active].node.key) : undefined}
        onKeyDown={onKeyDown}
        className="max-h-[28rem] overflow-auto rounded border border-slate-800 bg-slate-950 focus:outline focus:outline-2 focus:outline-sky-500"
        data-testid="call-tree"
      >
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {items.map((it) => (
            <TreeRow key={rows[it.index].node.key} row={rows[it.index]} top={it.start} active={it.index === active} onToggle={toggle} onActivate={activate} />
          ))}
        </div>
      </div>
    </div>
  );
}

const rowId = (key: string) => `tree-${key.replace(/[^\w-]/g, '_')}`;

interface RowProps {
  row: Row;
  top: number;
  active: boolean;
  onToggle(key: string): void;
  onActivate(row: Row): void;
}

const TreeRow = memo(function TreeRow({ row, top, active, onToggle, onActivate }: RowProps) {
  const { node } = row;
  const branch = node.children.length > 0;
  const error = node.status === 'error';
  return (
    <div
      id={rowId(node.key)}
      role="treeitem"
      aria-level={row.level}
      aria-posinset={row.pos}
      aria-setsize={row.siblings}
      aria-expanded={branch ? row.expanded : undefined}
      aria-selected={active}
      data-testid="tree-node"
      data-depth={node.depth}
      data-kind={node.kind}
      data-level={row.level}
      onClick={() => onActivate(row)}
      className={`absolute left-0 flex w-full cursor-pointer items-center gap-2 whitespace-nowrap pr-2 text-xs ${active ? 'bg-slate-800' : 'hover:bg-slate-900'}`}
      style={{ top, height: ROW_PX, paddingLeft: 6 + (row.level - 1) * 14 }}
    >
      <span
        aria-hidden="true"
        className="w-3 shrink-0 text-center text-slate-400"
        onClick={(e) => {
          e.stopPropagation();
          if (branch) onToggle(node.key);
        }}
      >
        {branch ? (row.expanded ? '▾' : '▸') : ''}
      </span>
      <span className={`w-14 shrink-0 font-mono ${DEPTH_TEXT[node.depth % DEPTH_TEXT.length]}`}>
        {KIND[node.kind]}
        {node.kind === 'run' ? ` d${node.depth}` : ''}
      </span>
      <span className={`min-w-0 flex-1 truncate ${error ? 'text-rose-300' : node.kind === 'turn' ? 'font-medium text-slate-100' : 'text-slate-200'}`} title={node.label}>
        {error && <span className="mr-1">✗</span>}
        {node.status === 'running' && <span className="mr-1 text-sky-300">●</span>}
        {node.label}
      </span>
      <span className="w-36 shrink-0 text-right tabular-nums text-slate-400">
        {node.tokensIn || node.tokensOut ? `${formatInt(node.tokensIn)} in · ${formatInt(node.tokensOut)} out` : '–'}
      </span>
      <span className="w-16 shrink-0 text-right tabular-nums text-slate-400">
        {node.cost === null && !node.tokensIn && !node.tokensOut ? '–' : formatCost(node.cost, !node.costIsLowerBound)}
      </span>
      <span className="w-16 shrink-0 text-right tabular-nums text-slate-400">{formatMs(node.ms)}</span>
    </div>
  );
});
