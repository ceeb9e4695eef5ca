import { useGlobalKeys } from './useGlobalKeys';
import { ProviderPanel } from './settings/ProviderPanel';
import { ContextDrop } from './run/ContextDrop';
import { QuestionBox } from './run/QuestionBox';
import { RunView } from './runview/RunView';
import { HistoryList } from './history/HistoryList';
import { PythonStatus } from './PythonStatus';

export function App() {
  useGlobalKeys();
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
        <main className="min-w-0 flex-1 space-y-4 overflow-y-auto p-4">
          <ContextDrop />
          <QuestionBox />
          <RunView />
        </main>
      </div>
    </div>
  );
}
