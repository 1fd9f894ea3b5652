'use client';

import { useState, type DragEvent, type KeyboardEvent } from 'react';
import type { Music, Shot } from '@/lib/productions/timeline';
import { formatDuration } from '@/components/library/media-format';
import { shotChild, type ProductionView } from './production-api';
import { stripSeconds, type ShotDraft } from './timeline-draft';
import { useShotPoster } from './use-shot-poster';

/** The strip is at least this wide per second, so short shots stay grabbable on a phone; it scrolls sideways beyond the screen. */
const MIN_PX_PER_SECOND = 36;

interface ShotStripProps {
  production: ProductionView;
  shots: readonly ShotDraft[];
  music: Music | null;
  selectedId: string | null;
  onSelect: (id: string) => void;
  onMove: (from: number, to: number) => void;
}

interface BlockProps {
  draft: ShotDraft;
  shot: Shot | undefined;
  production: ProductionView;
  number: number;
  selected: boolean;
  dropTarget: boolean;
  onSelect: () => void;
  onKeyDown: (event: KeyboardEvent<HTMLButtonElement>) => void;
  dragHandlers: {
    onDragStart: (event: DragEvent<HTMLButtonElement>) => void;
    onDragOver: (event: DragEvent<HTMLButtonElement>) => void;
    onDrop: (event: DragEvent<HTMLButtonElement>) => void;
    onDragEnd: () => void;
  };
}

function ShotBlock({ draft, shot, production, number, selected, dropTarget, onSelect, onKeyDown, dragHandlers }: BlockProps) {
  const poster = useShotPoster(shot, shotChild(production, draft.id));
  return (
    <button
      type="button"
      draggable
      data-testid="strip-shot"
      data-shot-id={draft.id}
      aria-pressed={selected}
      aria-label={`Shot ${number}, ${formatDuration(draft.duration)}${number > 1 ? `, ${draft.transition} in` : ''}`}
      aria-keyshortcuts="Alt+ArrowLeft Alt+ArrowRight"
      onClick={onSelect}
      onKeyDown={onKeyDown}
      {...dragHandlers}
      className={`group relative h-20 w-full min-w-14 cursor-grab overflow-hidden rounded-lg border text-left transition active:cursor-grabbing ${
        selected ? 'border-glow-400 ring-1 ring-glow-400/50' : 'border-ink-700 hover:border-ink-500'
      } ${dropTarget ? 'outline-2 outline-offset-2 outline-energy' : ''}`}
    >
      {poster && <img src={poster} alt="" draggable={false} className="absolute inset-0 size-full object-cover opacity-70" />}
      <span className="relative flex h-full flex-col justify-between bg-gradient-to-t from-ink-950/90 via-ink-950/20 to-ink-950/60 p-1.5">
        <span className="flex items-center justify-between gap-1 text-xs">
          <span className="font-medium text-zinc-50">{number}</span>
          {number > 1 && <span className="truncate text-[10px] uppercase tracking-[0.12em] text-glow-400">{draft.transition}</span>}
        </span>
        <span className="truncate text-[11px] tabular-nums text-zinc-100">{formatDuration(draft.duration)}</span>
      </span>
    </button>
  );
}

/** Ticks where the music's beats fall, downbeats taller, on the same scale as the shots above. */
function BeatGrid({ music, seconds }: { music: Music | null; seconds: number }) {
  if (!music) return <p className="mt-2 text-xs text-ink-500">No music on this production.</p>;
  if (music.beats.length === 0) return <p className="mt-2 text-xs text-ink-500">The beat grid appears once the music is composed.</p>;
  const downbeats = new Set(music.downbeats);
  const visible = music.beats.filter((beat) => beat <= seconds);
  return (
    <div data-testid="beat-grid" aria-hidden className="relative mt-2 h-4">
      {visible.map((beat) => (
        <span
          key={beat}
          data-downbeat={downbeats.has(beat) || undefined}
          className={`absolute bottom-0 w-px ${downbeats.has(beat) ? 'h-4 bg-glow-400/80' : 'h-2 bg-ink-500'}`}
          style={{ left: `${(beat / seconds) * 100}%` }}
        />
      ))}
    </div>
  );
}

export function ShotStrip({ production, shots, music, selectedId, onSelect, onMove }: ShotStripProps) {
  const [dragging, setDragging] = useState<number | null>(null);
  const [over, setOver] = useState<number | null>(null);
  const seconds = Math.max(stripSeconds(shots), 1);
  const byId = new Map(production.timeline.shots.map((shot) => [shot.id, shot]));

  const handlers = (index: number): BlockProps['dragHandlers'] => ({
    onDragStart: (event) => {
      event.dataTransfer.effectAllowed = 'move';
      // Firefox starts a drag only when some data is set.
      event.dataTransfer.setData('text/plain', String(index));
      setDragging(index);
    },
    onDragOver: (event) => {
      if (dragging === null) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      setOver(index);
    },
    onDrop: (event) => {
      event.preventDefault();
      if (dragging !== null) onMove(dragging, index);
      setDragging(null);
      setOver(null);
    },
    onDragEnd: () => {
      setDragging(null);
      setOver(null);
    },
  });

  const moveByKey = (index: number) => (event: KeyboardEvent<HTMLButtonElement>) => {
    if (!event.altKey || (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight')) return;
    event.preventDefault();
    onMove(index, index + (event.key === 'ArrowLeft' ? -1 : 1));
  };

  return (
    <div className="overflow-x-auto pb-2">
      <div style={{ minWidth: `${Math.ceil(seconds * MIN_PX_PER_SECOND)}px` }} className="px-0.5 pt-0.5">
        <ol aria-label="Shots in order" className="flex gap-1">
          {shots.map((draft, index) => (
            <li key={draft.id} className="flex min-w-0" style={{ flexGrow: draft.duration, flexBasis: 0 }}>
              <ShotBlock
                draft={draft}
                shot={byId.get(draft.id)}
                production={production}
                number={index + 1}
                selected={draft.id === selectedId}
                dropTarget={over === index && dragging !== index}
                onSelect={() => onSelect(draft.id)}
                onKeyDown={moveByKey(index)}
                dragHandlers={handlers(index)}
              />
            </li>
          ))}
        </ol>
        <BeatGrid music={music} seconds={seconds} />
        <div aria-hidden className="mt-1 flex justify-between text-[10px] tabular-nums text-ink-500">
          <span>0 s</span>
          <span>{formatDuration(Math.round(seconds * 10) / 10)}</span>
        </div>
      </div>
    </div>
  );
}
