'use client';

import { useId, type ReactNode } from 'react';
import type { AudioEngineInfo } from '@/components/media-api';
import { engineLabel } from './audio-labels';

export const CARD = 'rounded-2xl border border-ink-800 bg-ink-900 p-5 sm:p-6';
export const LABEL = 'text-xs uppercase tracking-[0.2em] text-ink-300';
export const CONTROL =
  'mt-2 block w-full min-w-0 rounded-md border border-ink-700 bg-ink-950 px-3 py-2 text-sm text-zinc-100 placeholder:text-ink-500 focus:border-glow-400 disabled:opacity-50';
const TEXTAREA =
  'mt-3 block min-h-32 w-full flex-1 resize-y rounded-lg border border-ink-700 bg-ink-950 px-4 py-3 text-base leading-relaxed text-zinc-50 placeholder:text-ink-500 focus:border-glow-400';
export const RANGE = 'mt-3 block h-5 w-full cursor-pointer accent-glow-400';

interface TextAreaFieldProps {
  label: string;
  value: string;
  maxLength: number;
  rows?: number;
  placeholder?: string;
  /** Under the field, left of the counter. */
  hint?: ReactNode;
  required?: boolean;
  onChange: (value: string) => void;
}

/** A labelled textarea with a character counter, as the studio's prompt field. */
export function TextAreaField({ label, value, maxLength, rows = 5, placeholder, hint, required, onChange }: TextAreaFieldProps) {
  const id = useId();
  const hintId = useId();
  return (
    <div className="flex min-w-0 flex-col">
      <label htmlFor={id} className={LABEL}>
        {label}
      </label>
      <textarea
        id={id}
        value={value}
        maxLength={maxLength}
        rows={rows}
        required={required}
        placeholder={placeholder}
        aria-describedby={hintId}
        onChange={(event) => onChange(event.currentTarget.value)}
        className={TEXTAREA}
      />
      <p id={hintId} className="mt-2 flex justify-between gap-3 text-xs text-ink-500">
        <span className="min-w-0">{hint}</span>
        <span className="shrink-0 tabular-nums">
          {value.length} / {maxLength}
        </span>
      </p>
    </div>
  );
}

interface EngineSelectProps {
  engines: readonly AudioEngineInfo[];
  value: string;
  onChange: (name: string) => void;
  /** Extra first options, e.g. "auto". */
  leading?: { value: string; label: string }[];
  /** Shown under the select when nothing more specific is known. */
  hint?: ReactNode;
}

/** Only engines this server can run; the selected one's note (what it is, what it costs, caveats) shows underneath. */
export function EngineSelect({ engines, value, onChange, leading = [], hint }: EngineSelectProps) {
  const id = useId();
  const noteId = useId();
  const note = engines.find((e) => e.name === value)?.note;
  return (
    <div className="min-w-0">
      <label htmlFor={id} className={LABEL}>
        Engine
      </label>
      <select id={id} value={value} onChange={(event) => onChange(event.currentTarget.value)} aria-describedby={noteId} className={CONTROL}>
        {leading.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
        {engines.map((engine) => (
          <option key={engine.name} value={engine.name}>
            {engineLabel(engine.name)}
          </option>
        ))}
      </select>
      <p id={noteId} data-testid="engine-note" className="mt-1.5 text-xs break-words text-ink-500 empty:hidden">
        {note ?? hint}
      </p>
    </div>
  );
}

interface SubmitBarProps {
  /** The button's text. */
  action: string;
  /** What the bar says before anything is sent. */
  idle: ReactNode;
  pending: boolean;
  pendingText: string;
  disabled: boolean;
  /** The queued job, after a successful request. */
  queuedId: string | null;
  queuedText: string;
  error: Error | null;
}

/** The form's footer: status on the left, the submit button on the right, then the outcome — as the studio's generate bar. */
export function SubmitBar({ action, idle, pending, pendingText, disabled, queuedId, queuedText, error }: SubmitBarProps) {
  return (
    <div className="mt-6 rounded-xl border border-ink-800 bg-ink-900 p-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <p className="min-w-0 text-sm text-ink-300">{idle}</p>
        <button
          type="submit"
          disabled={disabled || pending}
          aria-busy={pending}
          className="inline-flex shrink-0 items-center justify-center gap-2 rounded-md bg-glow-400 px-5 py-2.5 font-medium text-ink-950 transition hover:bg-glow-500 disabled:cursor-not-allowed disabled:opacity-40 disabled:hover:bg-glow-400"
        >
          {pending && <span aria-hidden className="size-3.5 animate-spin rounded-full border-2 border-ink-950 border-t-transparent" />}
          {action}
        </button>
      </div>

      <div role="status" aria-live="polite" className="text-sm">
        {pending && <p className="mt-3 text-ink-300">{pendingText}</p>}
        {!pending && queuedId && (
          <p data-testid="audio-queued" className="mt-3 flex flex-wrap items-center gap-x-3 gap-y-1 text-zinc-100">
            <span>{queuedText}</span>
            <a
              href={`#audio-job-${queuedId}`}
              className="rounded-md border border-glow-400/60 px-3 py-1 text-glow-400 transition hover:border-glow-400 hover:bg-glow-400/10"
            >
              View job
            </a>
          </p>
        )}
      </div>
      {!pending && error && (
        <p role="alert" className="mt-3 rounded-lg border border-intimate/40 bg-intimate/10 px-3 py-2 text-sm break-words text-intimate">
          {error.message}
        </p>
      )}
    </div>
  );
}

/** The engine to use: the chosen one while it is still offered, else the first offered (or the fallback). */
export function pickEngine(engines: readonly AudioEngineInfo[], chosen: string, fallback: string): string {
  if (chosen === fallback || engines.some((e) => e.name === chosen)) return chosen;
  return engines[0]?.name ?? fallback;
}
