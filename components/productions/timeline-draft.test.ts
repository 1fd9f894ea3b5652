import { describe, expect, it } from 'vitest';
import { TimelineSchema, type Timeline } from '@/lib/productions/timeline';
import { draftFrom, moveItem, patchFrom } from './timeline-draft';

const JOB = '5d9c1e2a-3b4c-4d5e-8f60-718293a4b5c6';

// A timeline as the API would answer it, parsed by the real schema so defaults apply.
const timeline: Timeline = TimelineSchema.parse({
  version: 3,
  duration: 9,
  platform: 'tiktok',
  output: 'vertical_1080',
  shots: ['a', 'b', 'c'].map((id, i) => ({
    id,
    source: { kind: 'generated', job_id: JOB },
    prompt: `shot ${id}`,
    camera_movement: 'static_focus',
    lighting: 'golden_hour',
    aspect_ratio: '9:16',
    start: i * 3,
    duration: 3,
  })),
  narration: { script: 'One sentence.', voice: null, speech_job_id: null, alignment_job_id: null },
  music: { seed: 's1', job_id: null, bpm: 120, beats: [0, 0.5, 1], downbeats: [0] },
  captions: { style: 'word_highlight' },
});

describe('patchFrom', () => {
  it('is null for an untouched draft', () => {
    expect(patchFrom(draftFrom(timeline), timeline)).toBeNull();
  });

  it('sends the whole list in its new order, with only the fields that changed, and the version it started from', () => {
    const draft = draftFrom(timeline);
    const shots = moveItem(draft.shots, 0, 1).map((shot) => (shot.id === 'c' ? { ...shot, duration: 4.5 } : shot));
    expect(patchFrom({ ...draft, shots }, timeline)).toEqual({ version: 3, shots: [{ id: 'b' }, { id: 'a' }, { id: 'c', duration: 4.5 }] });
  });

  it('carries a shot action with the draft', () => {
    const draft = draftFrom(timeline);
    expect(patchFrom(draft, timeline, { shotId: 'b', regenerate: true })?.shots).toEqual([{ id: 'a' }, { id: 'b', regenerate: true }, { id: 'c' }]);
  });

  it('sends sound and caption changes by section; an emptied script removes the voice-over', () => {
    const draft = { ...draftFrom(timeline), script: '  ', musicGain: -12, musicSeed: 'new', captionStyle: 'line' as const, output: 'square_1080' as const };
    expect(patchFrom(draft, timeline)).toEqual({
      version: 3,
      narration: { script: null },
      music: { gain_db: -12, seed: 'new' },
      captions: { style: 'line' },
      output: 'square_1080',
    });
  });

  it('turns music off without sending its other settings', () => {
    expect(patchFrom({ ...draftFrom(timeline), musicEnabled: false, musicSeed: 'x' }, timeline)).toEqual({ version: 3, music: { enabled: false } });
  });
});

describe('moveItem', () => {
  it('moves one item and leaves out-of-range moves alone', () => {
    expect(moveItem(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 3)).toEqual(['a', 'b', 'c']);
  });
});
