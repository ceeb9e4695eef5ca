import { useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Trajectory } from '../../core/trajectory';
import { CallTree } from './CallTree';
import { Swimlane } from './Swimlane';

const TABS = [
  { id: 'tree', label: 'Tree' },
  { id: 'swimlane', label: 'Swimlane' },
] as const;
type Tab = (typeof TABS)[number]['id'];

/**
 * The run's calls two ways: nested (run → turns → iterations → blocks → sub-calls → child
 * runs) and over time. Only the open tab is rendered, so a closed swimlane costs nothing.
 */
export function TreePanel({ trajectory, onSelect }: { trajectory: Trajectory; onSelect(runId: string, iteration: number): void }) {
  const [tab, setTab] = useState<Tab>('tree');
  const base = useId();
  const refs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});
  const go = (next: Tab) => {
    setTab(next);
    refs.current[next]?.focus();
  };
  // Arrow keys move between tabs (and select: both panels are cheap to switch to).
  const onKeyDown = (e: KeyboardEvent) => {
    const i = TABS.findIndex((x) => x.id === tab);
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1 + TABS.length, Home: 0, End: TABS.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    go(TABS[to % TABS.length].id);
  };
  return (
    <section className="space-y-2 rounded-lg border border-slate-800 p-3" aria-label="Calls" data-testid="tree-panel">
      <div role="tablist" aria-label="View of the calls" className="flex gap-1 border-b border-slate-800" onKeyDown={onKeyDown}>
        {TABS.map((x) => (
          <button
            key={x.id}
            ref={(el) => {
              refs.current[x.id] = el;
            }}
            type="button"
            role="tab"
            id={`${base}-${x.id}-tab`}
            aria-selected={tab === x.id}
            aria-controls={`${base}-${x.id}-panel`}
            tabIndex={tab === x.id ? 0 : -1}
            data-testid={`tree-tab-${x.id}`}
            onClick={() => setTab(x.id)}
            className={`-mb-px rounded-t border-b-2 px-3 py-1 text-sm ${tab === x.id ? 'border-sky-400 text-slate-100' : 'border-transparent text-slate-400 hover:text-slate-200'}`}
          >
            {x.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${base}-${tab}-panel`} aria-labelledby={`${base}-${tab}-tab`}>
        {tab === 'tree' ? <CallTree trajectory={trajectory} onSelect={onSelect} /> : <Swimlane trajectory={trajectory} onSelect={onSelect} />}
      </div>
    </section>
  );
}
