const STATUSES: Readonly<Record<string, { label: string; badge: string; dot: string }>> = {
  pending: { label: 'Pending', badge: 'border-ink-700 text-ink-300', dot: 'bg-ink-300' },
  processing: { label: 'Processing', badge: 'border-glow-400/50 bg-glow-400/10 text-glow-400', dot: 'bg-glow-400 animate-pulse' },
  generating: { label: 'Generating', badge: 'border-glow-400/50 bg-glow-400/10 text-glow-400', dot: 'bg-glow-400 animate-pulse' },
  composing: { label: 'Composing', badge: 'border-energy/50 bg-energy/10 text-energy', dot: 'bg-energy animate-pulse' },
  completed: { label: 'Completed', badge: 'border-emerald-400/40 bg-emerald-400/10 text-emerald-300', dot: 'bg-emerald-400' },
  failed: { label: 'Failed', badge: 'border-intimate/50 bg-intimate/10 text-intimate', dot: 'bg-intimate' },
  canceled: { label: 'Canceled', badge: 'border-ink-700 text-ink-500', dot: 'bg-ink-500' },
};

/** A production's status or one of its child jobs' (child statuses are the job's own, so an unknown one still renders). */
export function StatusBadge({ status, testId = 'production-status' }: { status: string; testId?: string }) {
  const style = STATUSES[status] ?? { label: status.replaceAll('_', ' '), badge: 'border-ink-700 text-ink-300', dot: 'bg-ink-300' };
  return (
    <span
      data-testid={testId}
      data-status={status}
      className={`inline-flex shrink-0 items-center gap-1.5 rounded-full border px-2.5 py-0.5 text-xs font-medium ${style.badge}`}
    >
      <span aria-hidden className={`size-1.5 rounded-full ${style.dot}`} />
      {style.label}
    </span>
  );
}

export const STATUS_HINTS: Readonly<Record<string, string>> = {
  pending: 'Queued: the shots, the music and the voice-over start in a moment.',
  generating: 'Generating the shots, the music and the voice-over.',
  composing: 'Composing the timeline into one video.',
};
