'use client';

import { useState } from 'react';
import type { CategoryDescription } from '@/lib/strategy';
import type { AudioJobView } from '@/components/media-api';
import { PageHeader } from '@/components/page-header';
import type { AudioTabId } from './audio-labels';
import { AudioJobsList } from './audio-jobs-list';
import { AudioTabs, type AudioTab } from './audio-tabs';
import { MusicForm } from './music-form';
import { SpeechForm } from './speech-form';
import { TranscribeForm } from './transcribe-form';

interface AudioStudioProps {
  categories: readonly CategoryDescription[];
  /** From `?tab=`, so a link can open the music or transcription form. */
  initialTab: AudioTabId;
}

export function AudioStudio({ categories, initialTab }: AudioStudioProps) {
  const [tab, setTab] = useState<AudioTabId>(initialTab);
  const [queuedId, setQueuedId] = useState<string | null>(null);
  const onQueued = (job: AudioJobView) => setQueuedId(job.id);

  const select = (id: AudioTabId) => {
    setTab(id);
    // Keep the address shareable without a navigation (Next.js syncs with history.replaceState).
    const url = new URL(window.location.href);
    url.searchParams.set('tab', id);
    window.history.replaceState(null, '', url);
  };

  const tabs: AudioTab<AudioTabId>[] = [
    { id: 'speech', label: 'Speech', hint: 'Text to voice', panel: <SpeechForm onQueued={onQueued} /> },
    { id: 'music', label: 'Music', hint: 'Mood to score', panel: <MusicForm categories={categories} onQueued={onQueued} /> },
    { id: 'transcribe', label: 'Transcribe', hint: 'Words with timings', panel: <TranscribeForm onQueued={onQueued} /> },
  ];

  return (
    <main className="mx-auto max-w-6xl px-5 pb-24">
      <PageHeader
        eyebrow="Sound"
        title="Audio"
        lead="Voice a script, score a scene from its mood, or transcribe a recording with word timings. Every result lands in your library."
      />
      <AudioTabs tabs={tabs} selected={tab} onSelect={select} />
      <AudioJobsList categories={categories} highlightId={queuedId} onQueued={onQueued} />
    </main>
  );
}
