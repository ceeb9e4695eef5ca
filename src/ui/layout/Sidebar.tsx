import { useEffect, useRef, type ReactNode } from 'react';
import { useWide } from './useWide';

export const SIDEBAR_ID = 'sidebar';
const TITLE_ID = 'sidebar-title';

/**
 * Settings and history. At desktop widths a fixed column beside the run, as always; below `lg` a drawer over the
 * page, opened from the header (see DrawerButton) and closed by Esc, its close button or the backdrop. The content
 * stays mounted while the drawer is shut, so the model list keeps refreshing and the form keeps what was typed.
 */
export function Sidebar({ open, onClose, children }: { open: boolean; onClose: () => void; children: ReactNode }) {
  const wide = useWide();
  const drawer = open && !wide;
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (drawer) closeRef.current?.focus();
  }, [drawer]);
  // Widening the window turns the drawer back into the column: it is no longer "open" over anything.
  useEffect(() => {
    if (wide && open) onClose();
  }, [wide, open, onClose]);
  return (
    <>
      {drawer && <div aria-hidden="true" className="fixed inset-0 z-30 bg-black/60" onClick={onClose} />}
      <aside
        id={SIDEBAR_ID}
        data-testid="sidebar"
        data-open={drawer}
        role={drawer ? 'dialog' : undefined}
        aria-modal={drawer || undefined}
        aria-labelledby={drawer ? TITLE_ID : undefined}
        // Esc here belongs to the drawer, not to the page-wide Esc that stops a run.
        onKeyDown={(e) => {
          if (drawer && e.key === 'Escape' && !e.defaultPrevented) {
            e.stopPropagation();
            onClose();
          }
        }}
        className={`space-y-6 overflow-y-auto border-r border-slate-800 p-4 lg:relative lg:w-80 lg:shrink-0 max-lg:fixed max-lg:inset-y-0 max-lg:left-0 max-lg:z-40 max-lg:w-[min(22rem,calc(100vw-2.5rem))] max-lg:bg-slate-950 max-lg:shadow-2xl ${drawer ? '' : 'max-lg:hidden'}`}
      >
        <div className="flex items-center justify-between gap-2 lg:hidden">
          <h2 id={TITLE_ID} className="text-base font-semibold text-slate-100">
            Settings and history
          </h2>
          <button
            ref={closeRef}
            type="button"
            data-testid="drawer-close"
            aria-label="Close settings and history"
            onClick={onClose}
            className="min-h-11 min-w-11 rounded text-xl text-slate-300 hover:bg-slate-800"
          >
            ×
          </button>
        </div>
        {children}
      </aside>
    </>
  );
}

/** The header's menu button that opens the drawer; not shown at desktop widths, where the sidebar is always there. */
export function DrawerButton({ open, onOpen, buttonRef }: { open: boolean; onOpen: () => void; buttonRef: React.Ref<HTMLButtonElement> }) {
  return (
    <button
      ref={buttonRef}
      type="button"
      data-testid="drawer-open"
      aria-label="Settings and history"
      aria-controls={SIDEBAR_ID}
      aria-expanded={open}
      onClick={onOpen}
      className="-ml-2 flex min-h-11 min-w-11 items-center justify-center rounded text-slate-200 hover:bg-slate-800 lg:hidden"
    >
      <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2">
        <path d="M3 5h14M3 10h14M3 15h14" strokeLinecap="round" />
      </svg>
    </button>
  );
}
