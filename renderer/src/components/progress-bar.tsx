import { formatBytes } from '../lib/format';

interface Props {
  label: string;
  received: number;
  total: number;
}

/** A download's progress; indeterminate until the size is known. */
export function ProgressBar({ label, received, total }: Props) {
  const percent = total > 0 ? Math.min(100, Math.round((received / total) * 100)) : null;
  return (
    <div className="progress">
      <progress aria-label={label} max={100} value={percent ?? undefined} />
      <span className="progress-text" aria-live="polite">
        {percent === null
          ? 'Starting…'
          : `${percent}% · ${formatBytes(received)} of ${formatBytes(total)}`}
      </span>
    </div>
  );
}
