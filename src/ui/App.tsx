import { useEffect, useRef } from 'react';
import { useGlobalKeys } from './useGlobalKeys';
import { useApp } from '../store';
import { isRunning } from '../store/runGate';
import { ProviderPanel } from './settings/ProviderPanel';
import { ContextDrop } from './run/ContextDrop';
import { QuestionBox } from './run/QuestionBox';
import { Timeline } from './timeline/Timeline';
import { TreePanel } from './tree/TreePanel';
import { HistoryList } from './history/HistoryList';
import { PythonStatus } from './PythonStatus';

/** While a run streams, keep the newest output in view unless the user has scrolled up to read. */
function useFollow() {
  const ref = useRef<HTMLElement>(null);
  useEffect(
    () =>
      useApp.subscribe((s, prev) => {
        const el = ref.current;
        if (!el || !isRunning(s) || s.trajectory === prev.trajectory) return;
        const nearBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 200;
        if (nearBottom) el.scrollTop = el.scrollHeight;
      }),
    [],
  );
  return ref;
}

export function App() {
  useGlobalKeys();
  const mainRef = useFollow();
  const trajectory = useApp((s) => s.trajectory);
  return (
    <div className="flex h-full flex-col">
      <header className="flex items-center gap-3 border-b border-slate-800 px-4 py-2">
        <h1 className="text-lg font-semibold text-slate-100">RLM Studio</h1>
        <span className="text-xs text-slate-400">Recursive Language Models, in your browser</span>
        <span className="ml-auto">
          <PythonStatus />
        </span>
      </header>
      <div className="flex min-h-0 flex-1">
        <aside className="w-80 shrink-0 space-y-6 overflow-y-auto border-r border-slate-800 p-4">
          <ProviderPanel />
          <HistoryList />
        </aside>
        <main ref={mainRef} className="min-w-0 flex-1 space-y-4 overflow-y-auto p-4">
          <ContextDrop />
          <QuestionBox />
          <Timeline />
          {trajectory && <TreePanel trajectory={trajectory} onSelect={() => {}} />}
        </main>
      </div>
    </div>
  );
}
