import { describe, expect, it } from 'vitest';
import { mergeChunks, normaliseVerboseJson, toSrt, toWebVtt } from './transcript';
import type { Transcription } from './types';
import { checkWebVtt, type VttCue } from '@/lib/testing/webvtt';

function validateWebVtt(vtt: string): VttCue[] {
  const { cues, problems } = checkWebVtt(vtt);
  expect(problems).toEqual([]);
  return cues;
}

const base: Transcription = {
  text: 'Hello there. A <b> & c --> d',
  language: 'english',
  duration: 8,
  segments: [
    { start: 0, end: 1.5, text: ' Hello there.' },
    { start: 1.5, end: 3661.25, text: 'A <b> & c --> d' },
  ],
  words: [],
};

describe('toWebVtt', () => {
  it('writes valid cues from segments, escaping markup and arrows', () => {
    const vtt = toWebVtt(base);
    const cues = validateWebVtt(vtt);
    expect(cues).toHaveLength(2);
    expect(vtt).toContain('00:00:00.000 --> 00:00:01.500\nHello there.');
    expect(vtt).toContain('00:00:01.500 --> 01:01:01.250\nA &lt;b&gt; &amp; c --&gt; d');
  });

  it('groups words into cues of at most 7 s and two lines of 42 characters', () => {
    const words = Array.from({ length: 60 }, (_, i) => ({ word: i % 10 === 0 ? 'extraordinarily' : 'word', start: i * 0.4, end: i * 0.4 + 0.3 }));
    words.push({ word: 'late', start: 40, end: 40.5 });
    const cues = validateWebVtt(toWebVtt({ ...base, segments: [], words }));
    expect(cues.length).toBeGreaterThan(3);
    for (const c of cues) {
      expect(c.end - c.start).toBeLessThanOrEqual(7);
      expect(c.text.length).toBeLessThanOrEqual(2);
      for (const line of c.text) expect(line.length).toBeLessThanOrEqual(42);
    }
    expect(cues[cues.length - 1]).toMatchObject({ start: 40, end: 40.5, text: ['late'] });
    expect(cues.flatMap((c) => c.text.join(' ').split(' '))).toHaveLength(61);
  });

  it('orders cues and repairs zero-length ones', () => {
    const cues = validateWebVtt(toWebVtt({ ...base, segments: [{ start: 5, end: 5, text: 'b' }, { start: 1, end: 2, text: 'a' }, { start: 3, end: 4, text: '  ' }] }));
    expect(cues.map((c) => c.text[0])).toEqual(['a', 'b']);
  });

  it('has a checker that notices broken files', () => {
    const { problems } = checkWebVtt('WEBVTT\n\n00:00:02.000 --> 00:00:01.000\na --> b\n\n00:00:00.500 --> 00:00:03.000\n<i>x</i>\n\n1:2 --> 3\nz\n\n');
    expect(problems).toHaveLength(5);
  });

  it('is just the header for an empty transcription', () => {
    expect(toWebVtt({ ...base, segments: [], words: [] })).toBe('WEBVTT\n\n');
  });
});

describe('toSrt', () => {
  it('numbers cues from 1 with comma milliseconds', () => {
    const srt = toSrt(base);
    const blocks = srt.trim().split('\n\n');
    expect(blocks).toHaveLength(2);
    blocks.forEach((block, i) => {
      const [n, timing] = block.split('\n');
      expect(n).toBe(String(i + 1));
      expect(timing).toMatch(/^\d{2}:\d{2}:\d{2},\d{3} --> \d{2}:\d{2}:\d{2},\d{3}$/);
    });
    expect(srt.startsWith('1\n00:00:00,000 --> 00:00:01,500\nHello there.\n\n2\n00:00:01,500 --> 01:01:01,250\nA <b> & c -> d\n\n')).toBe(true);
  });
});

describe('mergeChunks', () => {
  const chunk = (text: string, duration: number, language: string | null): Transcription => ({
    text,
    language,
    duration,
    segments: [{ start: 0.5, end: duration, text }],
    words: [{ word: text, start: 0.5, end: 1 }],
  });

  it('shifts times by each offset and joins text, in offset order', () => {
    const merged = mergeChunks([
      { offset: 30.25, t: chunk('second ', 20, 'en') },
      { offset: 0, t: chunk(' first', 30.25, null) },
    ]);
    expect(merged.text).toBe('first second');
    expect(merged.language).toBe('en');
    expect(merged.duration).toBeCloseTo(50.25);
    expect(merged.segments).toEqual([
      { start: 0.5, end: 30.25, text: ' first' },
      { start: 30.75, end: 50.25, text: 'second ' },
    ]);
    expect(merged.words.map((w) => w.start)).toEqual([0.5, 30.75]);
  });

  it('is empty for no chunks', () => {
    expect(mergeChunks([])).toEqual({ text: '', language: null, duration: 0, segments: [], words: [] });
  });
});

describe('normaliseVerboseJson', () => {
  it('reads OpenAI verbose_json with top-level words', () => {
    const t = normaliseVerboseJson(
      {
        task: 'transcribe',
        language: 'english',
        duration: 4.2,
        text: ' Hello world. Again.',
        segments: [{ id: 0, seek: 0, start: 0, end: 2, text: ' Hello world.', tokens: [1], temperature: 0, avg_logprob: -0.2, compression_ratio: 1, no_speech_prob: 0 }],
        words: [
          { word: ' Hello', start: 0, end: 0.5 },
          { word: 'world', start: 0.6, end: 1 },
          { word: '', start: 1, end: 1 },
        ],
        usage: { type: 'duration', seconds: 5 },
      },
      99,
    );
    expect(t).toEqual({
      text: 'Hello world. Again.',
      language: 'english',
      duration: 4.2,
      segments: [{ start: 0, end: 2, text: 'Hello world.' }],
      words: [
        { word: 'Hello', start: 0, end: 0.5 },
        { word: 'world', start: 0.6, end: 1 },
      ],
    });
  });

  it('reads the whisper.cpp variant, words nested in segments as tokens', () => {
    const t = normaliseVerboseJson(
      {
        task: 'transcribe',
        language: 'english',
        duration: 3,
        text: ' Hello world. Bye',
        segments: [
          {
            id: 0, text: ' Hello world.', start: 0, end: 1.5, tokens: [1, 2, 3, 4],
            words: [
              { word: '[_BEG_]', start: 0, end: 0, probability: 1 },
              { word: ' Hel', start: 0, end: 0.3, probability: 0.9 },
              { word: 'lo', start: 0.3, end: 0.5, probability: 0.9 },
              { word: ' world', start: 0.6, end: 1.2, probability: 0.8 },
              { word: '.', start: 1.2, end: 1.3, probability: 0.9 },
            ],
          },
          { id: 1, text: ' Bye', start: 2, end: 2.6, tokens: [5], words: [{ word: ' Bye', start: 2, end: 2.6, probability: 0.7 }] },
        ],
      },
      99,
    );
    expect(t.segments).toEqual([
      { start: 0, end: 1.5, text: 'Hello world.' },
      { start: 2, end: 2.6, text: 'Bye' },
    ]);
    expect(t.words).toEqual([
      { word: 'Hello', start: 0, end: 0.5 },
      { word: 'world.', start: 0.6, end: 1.3 },
      { word: 'Bye', start: 2, end: 2.6 },
    ]);
    expect(t.language).toBe('english');
  });

  it('reads a plain json or text answer without timings', () => {
    expect(normaliseVerboseJson({ text: ' Just text. ' }, 12)).toEqual({ text: 'Just text.', language: null, duration: 12, segments: [], words: [] });
    expect(normaliseVerboseJson('plain\n', 3)).toEqual({ text: 'plain', language: null, duration: 3, segments: [], words: [] });
  });
});
