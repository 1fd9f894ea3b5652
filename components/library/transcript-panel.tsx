'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, type RefObject } from 'react';
import { audioApi, queryKeys } from '@/components/media-api';
import { activeWordIndex } from './transcript-position';
import { useMediaTime } from './use-media-time';

interface TranscriptPanelProps {
  jobId: string;
  mediaRef: RefObject<HTMLMediaElement | null>;
}

const clock = (s: number) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;

/** The transcript beside the player: the current word lit as it plays; a click on a word seeks there. */
export function TranscriptPanel({ jobId, mediaRef }: TranscriptPanelProps) {
  const job = useQuery({ queryKey: queryKeys.audioJob(jobId), queryFn: ({ signal }) => audioApi.getJob(jobId, signal).then((r) => r.job) });
  const time = useMediaTime(mediaRef);
  const listRef = useRef<HTMLDivElement>(null);
  const transcript = job.data?.transcription;
  // Word timings when the engine gave them; otherwise segments are lit the same way.
  const words = transcript?.words.length ? transcript.words : (transcript?.segments ?? []).map((seg) => ({ word: seg.text.trim(), start: seg.start, end: seg.end }));
  const bySegment = Boolean(transcript && transcript.words.length === 0);
  const active = activeWordIndex(words, time);

  // Keep the lit word in view inside the panel without scrolling the page.
  useEffect(() => {
    const list = listRef.current;
    const el = active >= 0 ? list?.children.item(active) : null;
    if (!list || !(el instanceof HTMLElement)) return;
    const top = el.offsetTop - list.offsetTop;
    if (top < list.scrollTop || top > list.scrollTop + list.clientHeight - 32) list.scrollTo({ top: Math.max(0, top - list.clientHeight / 3), behavior: 'smooth' });
  }, [active]);

  const seek = (start: number) => {
    const media = mediaRef.current;
    if (!media) return;
    media.currentTime = start;
    void media.play().catch(() => {});
  };

  return (
    <section data-testid="transcript" aria-labelledby="transcript-heading" className="rounded-2xl border border-ink-800 bg-ink-900 p-5">
      <div className="flex items-baseline justify-between gap-3">
        <h2 id="transcript-heading" className="text-xs uppercase tracking-[0.2em] text-ink-300">
          Transcript
        </h2>
        {job.data?.transcript_vtt_url && (
          <a href={job.data.transcript_vtt_url} download className="text-xs text-glow-400 hover:underline">
            WebVTT
          </a>
        )}
      </div>
      {job.isPending && <p className="mt-3 text-sm text-ink-500">Loading the transcript…</p>}
      {job.isError && <p role="alert" className="mt-3 text-sm text-intimate">{job.error.message}</p>}
      {job.data && !transcript && <p className="mt-3 text-sm text-ink-500">The transcription is {job.data.status}.</p>}
      {transcript && words.length === 0 && <p className="mt-3 text-sm leading-relaxed text-zinc-100">{transcript.text}</p>}
      {words.length > 0 && (
        <div ref={listRef} className="relative mt-3 max-h-80 overflow-y-auto pr-1 text-[0.95rem] leading-8">
          {words.map((w, i) => (
            <button
              // biome-ignore lint/suspicious/noArrayIndexKey: a transcript's words never reorder, and neither a word nor its start time is unique.
              key={i}
              type="button"
              data-testid={bySegment ? 'transcript-segment' : 'transcript-word'}
              data-active={i === active}
              aria-current={i === active ? 'true' : undefined}
              title={`${clock(w.start)} – jump here`}
              onClick={() => seek(w.start)}
              className={`${bySegment ? 'mb-1 block w-full text-left leading-6' : 'mr-1'} rounded px-0.5 transition-colors ${i === active ? 'bg-glow-400 text-ink-950' : i < active ? 'text-zinc-300 hover:bg-ink-800' : 'text-ink-300 hover:bg-ink-800'}`}
            >
              {w.word}
            </button>
          ))}
        </div>
      )}
    </section>
  );
}
