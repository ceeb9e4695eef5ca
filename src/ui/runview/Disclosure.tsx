import { useState, type ReactNode } from 'react';

/**
 * A <details> whose body is only in the DOM while it is open: a collapsed sub-call or
 * system prompt costs nothing, however long its text.
 */
export function Disclosure({
  summary,
  children,
  className = '',
  summaryClassName = '',
  testId,
  depth,
}: {
  summary: ReactNode;
  children: () => ReactNode;
  className?: string;
  summaryClassName?: string;
  testId?: string;
  depth?: number;
}) {
  const [open, setOpen] = useState(false);
  return (
    <details data-testid={testId} data-depth={depth} className={className} open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className={`cursor-pointer ${summaryClassName}`}>{summary}</summary>
      {open && children()}
    </details>
  );
}
