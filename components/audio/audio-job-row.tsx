'use client';

import Link from 'next/link';
import { useId, type ReactNode } from 'react';
import type { CategoryDescription } from '@/lib/strategy';
import type { AudioJobView } from '@/components/media-api';
import { JobProgress } from '@/components/jobs/job-progress';
import { JobStatusBadge } from '@/components/jobs/job-status-badge';
import { formatDateTime, formatDuration, timeAgo } from '@/components/library/media-format';
import { CATEGORY_STYLES } from '@/components/studio/category-styles';
import { ASSET_LINK, AudioAssetItem } from './audio-asset-item';
import { AudioFollowUps } from './audio-follow-ups';
import { engineLabel, JOB_TYPE_LABELS, type AudioJobType } from './audio-labels';
import { Fact } from '@/components/list-parts';

interface AudioJobRowProps {
  job: AudioJobView;
  categories: readonly CategoryDescription[];
  /** The job a form just queued. */
  highlighted: boolean;
  /** The list's clock, so "3 min ago" keeps moving after polling stops. */
  now: number;
  /** A follow-up (alignment, stems) was queued from this row. */
  onQueued: (job: AudioJobView) => void;
}

const EXCERPT_LENGTH = 200;
const QUIET_LINK = 'shrink-0 rounded-md border border-ink-700 px-2.5 py-1 text-xs text-zinc-200 transition hover:border-ink-500';

const ICONS: Record<AudioJobType, ReactNode> = {
  text_to_speech: (
    <>
      <rect x="9" y="3" width="6" height="11" rx="3" />
      <path d="M5 11a7 7 0 0 0 14 0M12 18v3" />
    </>
  ),
  text_to_music: (
    <>
      <path d="M9 18V5l11-2v13" />
      <circle cx="6" cy="18" r="3" />
      <circle cx="17" cy="16" r="3" />
    </>
  ),
  stem_separation: (
    <>
      <path d="m12 3 9 5-9 5-9-5 9-5Z" />
      <path d="m3 13 9 5 9-5" />
    </>
  ),
  transcription: <path d="M4 6h16M4 11h16M4 16h10" />,
};

function TypeTile({ type }: { type: AudioJobType }) {
  return (
    <div aria-hidden className="hidden size-14 shrink-0 items-center justify-center rounded-lg border border-ink-800 bg-ink-950 text-glow-400 sm:flex">
      <svg aria-hidden viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth={1.6} strokeLinecap="round" strokeLinejoin="round">
        {ICONS[type]}
      </svg>
    </div>
  );
}

/** A cut at a word boundary, so an excerpt does not end mid-word. */
function excerpt(text: string, length = EXCERPT_LENGTH): string {
  const clean = text.trim().replace(/\s+/g, ' ');
  if (clean.length <= length) return clean;
  const cut = clean.slice(0, length);
  const space = cut.lastIndexOf(' ');
  return `${(space > length * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:!?-]+$/, '')}…`;
}

const detail = (details: Record<string, unknown>, key: string) => {
  const value = details[key];
  return typeof value === 'number' || (typeof value === 'string' && value !== '') ? String(value) : null;
};

function subjectOf(job: AudioJobView): string {
  if (job.generation_type === 'text_to_speech') return job.text ?? '';
  if (job.generation_type === 'text_to_music') return job.prompt ?? '';
  if (job.generation_type === 'stem_separation') return 'Split a track into stems';
  return job.text ? `Known script: ${job.text}` : 'Speech to text with word timings';
}

export function AudioJobRow({ job, categories, highlighted, now, onQueued }: AudioJobRowProps) {
  const subjectId = useId();
  const type = job.generation_type;
  const category = job.mood_category ? categories.find((c) => c.id === job.mood_category) : undefined;
  const bpm = detail(job.details, 'bpm');
  const key = detail(job.details, 'key');
  const scale = detail(job.details, 'scale');
  const note = detail(job.details, 'note');
  const transcript = job.transcription;
  const duration = job.duration ?? transcript?.duration ?? null;
  const completed = job.status === 'completed';
  const subject = subjectOf(job);

  return (
    <article
      id={`audio-job-${job.id}`}
      data-testid="audio-job-row"
      data-status={job.status}
      data-type={type}
      data-job-id={job.id}
      data-highlighted={highlighted || undefined}
      aria-labelledby={subjectId}
      className={`flex scroll-mt-24 gap-4 rounded-xl border p-4 transition-colors ${
        highlighted ? 'border-glow-400 bg-glow-400/5 ring-1 ring-glow-400/40' : 'border-ink-800 bg-ink-900'
      }`}
    >
      <TypeTile type={type} />

      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1.5 text-xs">
          <span data-testid="audio-job-type" className="font-medium uppercase tracking-[0.18em] text-zinc-100">
            {JOB_TYPE_LABELS[type]}
          </span>
          <JobStatusBadge status={job.status} />
          {job.mood_category && (
            <span data-testid="job-category" className={`uppercase tracking-[0.18em] ${category ? CATEGORY_STYLES[category.id].text : 'text-ink-300'}`}>
              {category?.label ?? job.mood_category}
              {job.mood !== null && <span className="tabular-nums text-ink-500"> · {job.mood}</span>}
            </span>
          )}
          <time dateTime={job.created_at} title={formatDateTime(job.created_at)} className="text-ink-500">
            {timeAgo(job.created_at, now)}
          </time>
        </div>

        <p id={subjectId} title={subject} className="mt-2 line-clamp-2 text-sm leading-relaxed break-words text-zinc-100">
          {subject}
        </p>

        <dl className="mt-2 grid grid-cols-1 gap-x-5 gap-y-1 text-xs sm:flex sm:flex-wrap">
          <Fact term="Engine">{engineLabel(job.provider)}</Fact>
          {job.voice && <Fact term="Voice">{job.voice}</Fact>}
          {duration !== null && (
            <Fact term="Length">
              <span className="tabular-nums">{formatDuration(Math.round(duration * 10) / 10)}</span>
            </Fact>
          )}
          {bpm && (
            <Fact term="Tempo">
              <span data-testid="music-bpm" className="tabular-nums">
                {bpm} bpm
              </span>
            </Fact>
          )}
          {key && (
            <Fact term="Key">
              <span data-testid="music-key">{scale ? `${key} ${scale}` : key}</span>
            </Fact>
          )}
          {(transcript?.language ?? job.language) && <Fact term="Language">{transcript?.language ?? job.language}</Fact>}
          {transcript && (
            <Fact term="Words">
              <span className="tabular-nums">{transcript.words.length}</span>
            </Fact>
          )}
          {job.attempts > 1 && (
            <Fact term="Attempts">
              <span className="tabular-nums">{job.attempts}</span>
            </Fact>
          )}
        </dl>
        {note && completed && <p className="mt-1 text-xs break-words text-ink-500">{note}</p>}

        {job.status === 'processing' && <JobProgress progress={job.progress} etaSeconds={null} />}
        {job.status === 'failed' && job.error_message && (
          <p data-testid="job-error" className="mt-3 rounded-lg border border-intimate/40 bg-intimate/10 px-3 py-2 text-sm break-words text-intimate">
            {job.error_message}
          </p>
        )}

        {completed && job.assets.length > 0 && (
          <ul aria-label={`${JOB_TYPE_LABELS[type]} files`} className="mt-3 space-y-2">
            {job.assets.map((asset) => (
              <AudioAssetItem key={asset.id} asset={asset} type={type} />
            ))}
          </ul>
        )}

        <AudioFollowUps job={job} onQueued={onQueued} />

        {completed && transcript && (
          <blockquote data-testid="transcript-excerpt" className="mt-3 rounded-lg border border-ink-800 bg-ink-950 px-3 py-2.5 text-sm leading-relaxed break-words text-zinc-100">
            {transcript.text.trim() ? excerpt(transcript.text) : <span className="text-ink-500">No speech was found.</span>}
          </blockquote>
        )}

        {completed && (job.input_asset_id || job.transcript_vtt_url) && (
          <div className="mt-3 flex flex-wrap items-center gap-2">
            {job.input_asset_id && (
              <Link
                href={`/library/${job.input_asset_id}`}
                title={type === 'transcription' ? 'The transcript appears beside the player' : 'The source track'}
                className={ASSET_LINK}
              >
                {type === 'transcription' ? 'Open in library' : 'Source in library'}
              </Link>
            )}
            {job.transcript_vtt_url && (
              <a href={job.transcript_vtt_url} download data-testid="transcript-vtt" className={QUIET_LINK}>
                Download .vtt
              </a>
            )}
            {job.transcript_srt_url && (
              <a href={job.transcript_srt_url} download className={QUIET_LINK}>
                Download .srt
              </a>
            )}
          </div>
        )}
      </div>
    </article>
  );
}
