import type { JobStatus } from '@/components/media-api';

export const STATUS_LABELS: Readonly<Record<JobStatus, string>> = {
  pending: 'Pending',
  processing: 'Processing',
  completed: 'Completed',
  failed: 'Failed',
  canceled: 'Canceled',
};

const STATUS_STYLES: Readonly<Record<JobStatus, { badge: string; dot: string }>> = {
  pending: { badge: 'border-ink-700 text-ink-300', dot: 'bg-ink-300' },
  processing: { badge: 'border-glow-400/50 bg-glow-400/10 text-glow-400', dot: 'bg-glow-400 animate-pulse' },
  completed: { badge: 'border-emerald-400/40 bg-emerald-400/10 text-emerald-300', dot: 'bg-emerald-400' },
  failed: { badge: 'border-intimate/50 bg-intimate/10 text-intimate', dot: 'bg-intimate' },
  canceled: { badge: 'border-ink-700 text-ink-500', dot: 'bg-ink-500' },
};

export function JobStatusBadge({ status }: { status: JobStatus }) {
  const style = STATUS_STYLES[status];
  return (
    <span
      data-testid="job-status"
      className={`inline-flex items-center gap-1.5 rounded-full border px-2.5 py-0.5 text-xs font-medium ${style.badge}`}
    >
      <span aria-hidden className={`size-1.5 rounded-full ${style.dot}`} />
      {STATUS_LABELS[status]}
    </span>
  );
}
