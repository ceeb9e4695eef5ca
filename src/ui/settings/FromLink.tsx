import type { EngineSettings } from '../../core/settings';
import { useApp } from '../../store';

/** Marks a setting the page's link preset: it applies here only until saved. */
export function FromLink({ k }: { k: keyof EngineSettings }) {
  const fromLink = useApp((s) => Object.hasOwn(s.linkLimits, k));
  if (!fromLink) return null;
  return (
    <span data-testid={`from-link-${k}`} className="text-sky-300" title="Set by this page's link; not saved unless you press Save as defaults">
      from the link
    </span>
  );
}

/** Says which limits came from the link, and makes them the saved defaults on request. */
export function LinkLimitsNote() {
  const link = useApp((s) => s.linkLimits);
  const keys = Object.keys(link);
  const save = useApp((s) => s.saveLinkLimits);
  if (!keys.length) return null;
  return (
    <div data-testid="link-limits" className="col-span-2 flex flex-wrap items-center gap-2 rounded border border-sky-900 bg-sky-950/40 p-2 text-xs text-sky-200">
      <span className="flex-1">
        {keys.length === 1 ? 'One setting comes' : `${keys.length} settings come`} from the link ({keys.join(', ')}): they apply to this page only.
      </span>
      <button type="button" data-testid="save-link-limits" onClick={save} className="rounded border border-sky-700 px-2 py-0.5 hover:bg-sky-900">
        Save as defaults
      </button>
    </div>
  );
}
