'use client';

import { useState } from 'react';
import type { ProductionOptions } from './production-options';
import type { ProductionView } from './production-api';
import { ShotInspector } from './shot-inspector';
import { ShotStrip } from './shot-strip';
import { CaptionsPanel, MusicPanel, OutputPanel, VoiceOverPanel } from './sound-settings';
import { moveItem } from './timeline-draft';
import { CONFLICT_MESSAGE, type TimelineDraftState } from './use-timeline-draft';

interface TimelineEditorProps {
  production: ProductionView;
  options: ProductionOptions;
  editor: TimelineDraftState;
}

const PRIMARY = 'inline-flex items-center justify-center gap-2 rounded-md bg-glow-400 px-5 py-2 text-sm font-medium text-ink-950 transition hover:bg-glow-500 disabled:cursor-not-allowed disabled:opacity-40 disabled:hover:bg-glow-400';
const QUIET = 'rounded-md border border-ink-700 px-4 py-2 text-sm text-zinc-200 transition hover:border-ink-500 disabled:cursor-not-allowed disabled:opacity-40';

function SaveBar({ editor }: { editor: TimelineDraftState }) {
  let status = 'No unsaved changes.';
  if (editor.saving) status = 'Saving…';
  else if (editor.dirty) status = 'Unsaved changes.';
  else if (editor.saved) status = 'Saved. Render to see the changes.';
  return (
    <div className="mt-6 flex flex-col gap-3 border-t border-ink-800 pt-4 sm:flex-row sm:items-center sm:justify-between">
      <p role="status" data-testid="save-status" className="text-sm text-ink-300">
        {status}
      </p>
      <div className="flex gap-2">
        <button type="button" disabled={!editor.dirty || editor.saving} onClick={editor.discard} className={QUIET}>
          Discard
        </button>
        <button type="button" disabled={!editor.dirty || editor.saving} aria-busy={editor.saving} onClick={() => editor.save()} className={PRIMARY}>
          {editor.saving && <span aria-hidden className="size-3.5 animate-spin rounded-full border-2 border-ink-950 border-t-transparent" />}
          Save
        </button>
      </div>
    </div>
  );
}

export function TimelineEditor({ production, options, editor }: TimelineEditorProps) {
  const { draft, change } = editor;
  const [selectedId, setSelectedId] = useState<string | null>(null);
  // The selection falls back to the first shot (also when the selected one is gone after a reload).
  const selectedIndex = Math.max(0, draft.shots.findIndex((shot) => shot.id === selectedId));
  const selected = draft.shots[selectedIndex];
  const move = (from: number, to: number) => {
    if (to < 0 || to >= draft.shots.length) return;
    setSelectedId(draft.shots[from].id);
    change({ shots: moveItem(draft.shots, from, to) });
  };
  const settingsProps = { draft, timeline: production.timeline, options, onChange: change };

  return (
    <section aria-labelledby="timeline-heading" data-testid="timeline-editor" className="rounded-2xl border border-ink-800 bg-ink-900 p-4 sm:p-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="timeline-heading" className="text-sm uppercase tracking-[0.2em] text-ink-300">
          Timeline
        </h2>
        <p className="text-xs text-ink-500">Drag shots to reorder (or Alt+←/→), select one to trim it. Ticks mark the music&apos;s beats.</p>
      </div>
      <div className="mt-4">
        <ShotStrip production={production} shots={draft.shots} music={production.timeline.music} selectedId={selected?.id ?? null} onSelect={setSelectedId} onMove={move} />
      </div>
      {selected && (
        <div className="mt-4">
          <ShotInspector
            key={selected.id}
            draft={selected}
            shot={production.timeline.shots.find((shot) => shot.id === selected.id)}
            index={selectedIndex}
            count={draft.shots.length}
            options={options}
            onChange={(changes) => change({ shots: draft.shots.map((shot) => (shot.id === selected.id ? { ...shot, ...changes } : shot)) })}
            onMove={(to) => move(selectedIndex, to)}
          />
        </div>
      )}
      <div className="mt-4 grid gap-4 md:grid-cols-2 xl:grid-cols-4">
        <VoiceOverPanel {...settingsProps} />
        <MusicPanel {...settingsProps} />
        <CaptionsPanel {...settingsProps} />
        <OutputPanel {...settingsProps} />
      </div>
      {editor.conflict && (
        <p role="alert" data-testid="save-conflict" className="mt-4 rounded-lg border border-glow-400/50 bg-glow-400/10 px-3 py-2 text-sm text-glow-400">
          {CONFLICT_MESSAGE}
        </p>
      )}
      {editor.error && (
        <p role="alert" className="mt-4 rounded-lg border border-intimate/40 bg-intimate/10 px-3 py-2 text-sm break-words text-intimate">
          {editor.error.message}
        </p>
      )}
      <SaveBar editor={editor} />
    </section>
  );
}
