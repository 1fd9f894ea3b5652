interface JobProgressProps {
  progress: number;
  etaSeconds: number | null;
}

export function JobProgress({ progress, etaSeconds }: JobProgressProps) {
  return (
    <div className="mt-3 flex items-center gap-3">
      <div
        role="progressbar"
        aria-label="Render progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={progress}
        className="h-1.5 min-w-0 flex-1 overflow-hidden rounded-full bg-ink-800"
      >
        <div className="h-full rounded-full bg-glow-400 transition-[width] duration-700 ease-out" style={{ width: `${progress}%` }} />
      </div>
      <span className="shrink-0 text-xs tabular-nums text-ink-300">
        {progress}%{etaSeconds !== null && <span data-testid="job-eta"> · ETA ~{etaSeconds}s</span>}
      </span>
    </div>
  );
}
