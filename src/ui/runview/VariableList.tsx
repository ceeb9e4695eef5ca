/** A REPL variable after a block: its name, and its type and a short repr when the sandbox reported them. */
export interface VariableInfo {
  name: string;
  type?: string;
  repr?: string;
}

export function VariableList({ vars }: { vars: VariableInfo[] }) {
  if (!vars.length) return null;
  const typed = vars.some((v) => v.type !== undefined || v.repr !== undefined);
  return (
    <details className="text-xs" data-testid="block-variables">
      <summary className="cursor-pointer text-slate-400">Variables after this block ({vars.length})</summary>
      {typed ? (
        <table className="mt-1 w-full table-fixed border-collapse font-mono">
          <thead className="text-left text-slate-400">
            <tr>
              <th className="w-1/4 px-1 font-normal">name</th>
              <th className="w-1/6 px-1 font-normal">type</th>
              <th className="px-1 font-normal">value</th>
            </tr>
          </thead>
          <tbody>
            {vars.map((v) => (
              <tr key={v.name} data-testid="variable" className="border-t border-slate-800 align-top">
                <td className="truncate px-1 text-sky-200">{v.name}</td>
                <td className="truncate px-1 text-slate-400">{v.type ?? ''}</td>
                <td className="break-all px-1 text-slate-300">{v.repr ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <div className="mt-1 flex flex-wrap gap-1 font-mono">
          {vars.map((v) => (
            <span key={v.name} data-testid="variable" className="rounded bg-slate-800 px-1 text-sky-200">
              {v.name}
            </span>
          ))}
        </div>
      )}
    </details>
  );
}
