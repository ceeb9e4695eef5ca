import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { useGlobalKeys } from './useGlobalKeys';
import { ProviderPanel } from './settings/ProviderPanel';
import { ContextDrop } from './run/ContextDrop';
import { QuestionBox } from './run/QuestionBox';
import { RunView } from './runview/RunView';
import { HistoryList } from './history/HistoryList';
import { PythonStatus } from './PythonStatus';
import { TabBar, panelId, tabId } from './TabBar';
import { useTab, type AppTab } from './useTab';
import { DrawerButton, Sidebar } from './layout/Sidebar';

// The benchmark tab (with its chart library) is its own chunk: the run page does not load it.
const BenchTab = lazy(() => import('./bench/BenchTab'));

export function App() {
  useGlobalKeys();
  const [tab, setTab] = useTab();
  // Once opened, a tab stays mounted (hidden), so switching back keeps its form and scroll.
  const [opened, setOpened] = useState<Record<AppTab, boolean>>({ run: tab === 'run', bench: tab === 'bench' });
  const open = (t: AppTab) => {
    setOpened((o) => (o[t] ? o : { ...o, [t]: true }));
    setTab(t);
  };
  // Below `lg` the sidebar is a drawer; the rest of the page is inert while it is open, and closing it gives the
  // focus back to the button that opened it.
  const [drawer, setDrawer] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const closeDrawer = useCallback(() => setDrawer(false), []);
  const wasOpen = useRef(false);
  // After the commit, so the header is no longer inert when the focus goes back.
  useEffect(() => {
    if (wasOpen.current && !drawer) opener.current?.focus();
    wasOpen.current = drawer;
  }, [drawer]);
  return (
    // Only the panels scroll: the page itself is exactly the window (overflow hidden), and each scrolling panel is
    // `relative`, so a visually hidden file input (absolute) is placed inside it rather than against the page.
    <div className="relative flex h-full flex-col overflow-hidden">
      <header inert={drawer} className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-800 px-4 py-2">
        <DrawerButton open={drawer} onOpen={() => setDrawer(true)} buttonRef={opener} />
        <h1 className="text-lg font-semibold text-slate-100">RLM Studio</h1>
        <span className="hidden text-xs text-slate-400 md:inline">Recursive Language Models, in your browser</span>
        <TabBar tab={tab} onChange={open} />
        <span className="ml-auto">
          <PythonStatus />
        </span>
      </header>
      <div className="flex min-h-0 flex-1 overflow-hidden">
        <Sidebar open={drawer} onClose={closeDrawer}>
          <ProviderPanel />
          <div hidden={tab !== 'run'}>
            <HistoryList />
          </div>
        </Sidebar>
        <main inert={drawer} data-testid="main-panel" className="relative min-w-0 flex-1 overflow-y-auto p-3 sm:p-4">
          <div role="tabpanel" id={panelId('run')} aria-labelledby={tabId('run')} hidden={tab !== 'run'} className="space-y-4">
            <ContextDrop />
            <QuestionBox />
            <RunView />
          </div>
          {opened.bench && (
            <div role="tabpanel" id={panelId('bench')} aria-labelledby={tabId('bench')} hidden={tab !== 'bench'}>
              <Suspense fallback={<p className="text-sm text-slate-400">Loading the benchmark tab…</p>}>
                <BenchTab onOpenTrial={() => open('run')} />
              </Suspense>
            </div>
          )}
        </main>
      </div>
    </div>
  );
}
