import { useId, type ReactNode } from 'react';
import type { Timeline } from '@/lib/productions/timeline';
import { RadioChip } from '@/components/studio/radio-chip';
import type { ProductionOptions } from './production-options';
import type { TimelineDraft } from './timeline-draft';

interface SettingsProps {
  draft: TimelineDraft;
  timeline: Timeline;
  options: ProductionOptions;
  onChange: (changes: Partial<TimelineDraft>) => void;
}

const FIELD = 'mt-2 w-full rounded-md border border-ink-700 bg-ink-950 px-2.5 py-1.5 text-sm text-zinc-100 focus:border-glow-400';
const BUTTON = 'rounded-md border border-ink-700 px-3 py-1.5 text-sm text-zinc-200 transition hover:border-glow-400 disabled:cursor-not-allowed disabled:opacity-40';
const STYLE_LABELS: Readonly<Record<string, string>> = { word_highlight: 'Word highlight', line: 'Line', none: 'None' };
const POSITION_LABELS: Readonly<Record<string, string>> = { bottom: 'Bottom', middle: 'Middle', top: 'Top' };

/** getRandomValues, unlike randomUUID, also works on plain-http self-hosted installs. */
function randomSeed(): string {
  const [value] = crypto.getRandomValues(new Uint32Array(1));
  return value.toString(36);
}

function Panel({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  const headingId = useId();
  return (
    <section data-testid={testId} aria-labelledby={headingId} className="min-w-0 rounded-xl border border-ink-800 bg-ink-950 p-4">
      <h3 id={headingId} className="text-xs uppercase tracking-[0.2em] text-ink-300">
        {title}
      </h3>
      {children}
    </section>
  );
}

export function VoiceOverPanel({ draft, timeline, options, onChange }: SettingsProps) {
  const id = useId();
  const timed = timeline.narration?.words.length ?? 0;
  const changed = draft.script.trim() !== (timeline.narration?.script ?? '').trim();
  return (
    <Panel title="Voice-over" testId="voice-over-panel">
      <label htmlFor={id} className="sr-only">
        Narration script
      </label>
      <textarea
        id={id}
        rows={4}
        maxLength={options.limits.scriptMax}
        value={draft.script}
        placeholder="No voice-over. Write a script to add one."
        onChange={(event) => onChange({ script: event.currentTarget.value })}
        className={`${FIELD} resize-y leading-relaxed placeholder:text-ink-500`}
      />
      <p className="mt-2 flex justify-between gap-3 text-xs text-ink-500">
        <span>
          {changed
            ? draft.script.trim()
              ? 'Saving speaks the new script and times its words again.'
              : 'Saving removes the voice-over.'
            : timed > 0
              ? `${timed} words timed for the captions.`
              : timeline.narration
                ? 'The words are timed once the voice-over is spoken.'
                : ''}
        </span>
        <span className="shrink-0 tabular-nums">
          {draft.script.length} / {options.limits.scriptMax}
        </span>
      </p>
    </Panel>
  );
}

export function MusicPanel({ draft, timeline, options, onChange }: SettingsProps) {
  const id = useId();
  const { musicGainMin, musicGainMax } = options.limits;
  return (
    <Panel title="Music" testId="music-panel">
      <label className="mt-3 flex items-center gap-2 text-sm text-zinc-100">
        <input type="checkbox" checked={draft.musicEnabled} onChange={(event) => onChange({ musicEnabled: event.currentTarget.checked })} className="accent-glow-400" />
        Music under the short
      </label>
      <label htmlFor={id} className="mt-4 flex justify-between text-xs text-ink-500">
        <span>Volume</span>
        <span className="tabular-nums text-ink-300">{draft.musicGain > 0 ? `+${draft.musicGain}` : draft.musicGain} dB</span>
      </label>
      <input
        id={id}
        type="range"
        min={musicGainMin}
        max={musicGainMax}
        step={1}
        value={draft.musicGain}
        disabled={!draft.musicEnabled}
        aria-valuetext={`${draft.musicGain} dB`}
        onChange={(event) => onChange({ musicGain: Number(event.currentTarget.value) })}
        className="mt-2 w-full accent-glow-400 disabled:opacity-40"
      />
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <button type="button" disabled={!draft.musicEnabled} onClick={() => onChange({ musicSeed: randomSeed() })} className={BUTTON}>
          New music
        </button>
        <span className="text-xs text-ink-500">
          {draft.musicSeed !== null && draft.musicEnabled
            ? 'A new track is composed when you save.'
            : timeline.music?.bpm
              ? `${Math.round(timeline.music.bpm)} BPM · ${timeline.music.beats.length} beats`
              : ''}
        </span>
      </div>
    </Panel>
  );
}

export function CaptionsPanel({ draft, options, onChange }: SettingsProps) {
  const id = useId();
  return (
    <Panel title="Captions" testId="captions-panel">
      <div role="radiogroup" aria-label="Caption style" className="mt-3 flex flex-wrap gap-1.5">
        {options.captionStyles.map((style) => (
          <RadioChip
            key={style}
            name="caption-style"
            value={style}
            checked={draft.captionStyle === style}
            onSelect={() => onChange({ captionStyle: style as TimelineDraft['captionStyle'] })}
          >
            {STYLE_LABELS[style] ?? style}
          </RadioChip>
        ))}
      </div>
      <label htmlFor={id} className="mt-4 block text-xs text-ink-500">
        Position
      </label>
      <select
        id={id}
        value={draft.captionPosition}
        disabled={draft.captionStyle === 'none'}
        onChange={(event) => onChange({ captionPosition: event.currentTarget.value as TimelineDraft['captionPosition'] })}
        className={`${FIELD} disabled:opacity-50`}
      >
        {options.captionPositions.map((position) => (
          <option key={position} value={position}>
            {POSITION_LABELS[position] ?? position}
          </option>
        ))}
      </select>
      {draft.captionStyle !== 'none' && !draft.script.trim() && <p className="mt-2 text-xs text-ink-500">Captions need a voice-over to follow.</p>}
    </Panel>
  );
}

/** "Vertical 1080×1920 (TikTok, Reels, Shorts)" → the size in the select, the platforms under it, so a narrow column does not cut the label. */
function splitLabel(label: string): { name: string; note: string } {
  const match = /^(.*?)\s*\((.*)\)$/.exec(label);
  return match ? { name: match[1], note: match[2] } : { name: label, note: '' };
}

export function OutputPanel({ draft, options, onChange }: SettingsProps) {
  const id = useId();
  const selected = options.presets.find((preset) => preset.id === draft.output);
  return (
    <Panel title="Output" testId="output-panel">
      <label htmlFor={id} className="mt-3 block text-xs text-ink-500">
        Format
      </label>
      <select id={id} value={draft.output} onChange={(event) => onChange({ output: event.currentTarget.value as TimelineDraft['output'] })} className={FIELD}>
        {options.presets.map((preset) => (
          <option key={preset.id} value={preset.id}>
            {splitLabel(preset.label).name}
          </option>
        ))}
      </select>
      {selected && splitLabel(selected.label).note && <p className="mt-2 text-xs text-ink-500">For {splitLabel(selected.label).note}</p>}
    </Panel>
  );
}
