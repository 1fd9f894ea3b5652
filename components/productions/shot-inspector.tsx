import { useId } from 'react';
import type { Shot } from '@/lib/productions/timeline';
import { labelFor } from '@/components/library/strategy-labels';
import { NumberField } from './number-field';
import type { ProductionOptions } from './production-options';
import type { ShotDraft } from './timeline-draft';

interface ShotInspectorProps {
  draft: ShotDraft;
  shot: Shot | undefined;
  index: number;
  count: number;
  options: ProductionOptions;
  onChange: (changes: Partial<ShotDraft>) => void;
  onMove: (to: number) => void;
}

const FIELD = 'mt-1.5 w-full rounded-md border border-ink-700 bg-ink-950 px-2.5 py-1.5 text-sm text-zinc-100 focus:border-glow-400';
const MOVE = 'rounded-md border border-ink-700 px-3 py-1.5 text-sm text-zinc-200 transition hover:border-glow-400 disabled:cursor-not-allowed disabled:opacity-40';
const TRANSITION_LABELS: Readonly<Record<string, string>> = { cut: 'Cut', fade: 'Fade', slide: 'Slide' };

export function ShotInspector({ draft, shot, index, count, options, onChange, onMove }: ShotInspectorProps) {
  const transitionId = useId();
  const { limits, labels } = options;

  return (
    <div data-testid="shot-inspector" className="rounded-xl border border-ink-800 bg-ink-950 p-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="min-w-0 text-sm text-zinc-100">
          <span className="text-xs uppercase tracking-[0.2em] text-ink-300">Shot {index + 1}</span>
          {shot && (
            <span className="ml-3 text-ink-300">
              {labelFor(labels.cameras, shot.camera_movement)} · {labelFor(labels.lighting, shot.lighting)}
            </span>
          )}
        </p>
        <div className="flex gap-2">
          <button type="button" disabled={index === 0} onClick={() => onMove(index - 1)} className={MOVE}>
            <span aria-hidden>← </span>Move left
          </button>
          <button type="button" disabled={index === count - 1} onClick={() => onMove(index + 1)} className={MOVE}>
            Move right<span aria-hidden> →</span>
          </button>
        </div>
      </div>
      <div className="mt-4 grid gap-4 sm:grid-cols-3">
        <NumberField
          label="Duration (s)"
          value={draft.duration}
          min={limits.durationMin}
          max={limits.durationMax}
          step={0.1}
          onChange={(duration) => onChange({ duration })}
          className={FIELD}
        />
        <NumberField label="Trim in (s)" value={draft.trim_in} min={0} max={limits.trimMax} step={0.1} onChange={(trim_in) => onChange({ trim_in })} className={FIELD} />
        <div>
          <label htmlFor={transitionId} className="text-xs uppercase tracking-[0.18em] text-ink-500">
            Transition in
          </label>
          <select
            id={transitionId}
            value={draft.transition}
            disabled={index === 0}
            title={index === 0 ? 'The first shot opens the short; it has no transition' : undefined}
            onChange={(event) => onChange({ transition: event.currentTarget.value as ShotDraft['transition'] })}
            className={`${FIELD} disabled:opacity-50`}
          >
            {options.transitions.map((transition) => (
              <option key={transition} value={transition}>
                {TRANSITION_LABELS[transition] ?? transition}
              </option>
            ))}
          </select>
        </div>
      </div>
    </div>
  );
}
