import type { Transcription, TranscriptSegment, TranscriptWord } from './types';

/** Pure helpers around `Transcription`: caption export, re-joining split uploads, reading verbose_json. */

const MAX_CUE_SECONDS = 7;
const MAX_LINE_CHARS = 42;
const MAX_LINES = 2;
/** A pause this long between words starts a new cue when cues are built from words. */
const CUE_PAUSE_SECONDS = 1;

interface Cue {
  start: number;
  end: number;
  lines: string[];
}

const clean = (text: string) => text.replace(/\s+/g, ' ').trim();

function stamp(seconds: number, separator: '.' | ','): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  return `${pad(h)}:${pad(m)}:${pad(s)}${separator}${pad(ms % 1000, 3)}`;
}

/** Greedy wrap into lines of at most `MAX_LINE_CHARS` (a single longer word keeps its own line). */
function wrap(text: string): string[] {
  const lines: string[] = [];
  for (const word of clean(text).split(' ').filter(Boolean)) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= MAX_LINE_CHARS) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

function cuesFromWords(words: TranscriptWord[]): Cue[] {
  const cues: Cue[] = [];
  let current: { start: number; end: number; words: string[] } | null = null;
  const flush = () => {
    if (current) cues.push({ start: current.start, end: current.end, lines: wrap(current.words.join(' ')) });
    current = null;
  };
  for (const w of words) {
    const word = clean(w.word);
    if (!word) continue;
    if (current) {
      const c: { start: number; end: number; words: string[] } = current;
      const tooLong = w.end - c.start > MAX_CUE_SECONDS;
      const tooWide = wrap([...c.words, word].join(' ')).length > MAX_LINES;
      if (tooLong || tooWide || w.start - c.end > CUE_PAUSE_SECONDS) flush();
    }
    if (!current) current = { start: w.start, end: w.end, words: [] };
    current.words.push(word);
    current.end = Math.max(current.end, w.end);
  }
  flush();
  return cues;
}

/** Cues from segments (or words when there are none), ordered, each with a positive duration. */
function cues(t: Transcription): Cue[] {
  const raw = t.segments.length
    ? t.segments.map((s: TranscriptSegment) => ({ start: s.start, end: s.end, lines: wrap(s.text) }))
    : cuesFromWords(t.words);
  return raw
    .filter((c) => c.lines.length > 0 && Number.isFinite(c.start) && Number.isFinite(c.end))
    .map((c) => {
      const start = Math.max(0, c.start);
      // Rounded to the millisecond, as written: a zero-length or inverted cue gets a short minimum.
      const end = Math.round(c.end * 1000) > Math.round(start * 1000) ? c.end : start + 0.1;
      return { ...c, start, end };
    })
    .sort((a, b) => a.start - b.start);
}

const escapeVtt = (line: string) => line.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function toWebVtt(t: Transcription): string {
  const body = cues(t).map((c) => `${stamp(c.start, '.')} --> ${stamp(c.end, '.')}\n${c.lines.map(escapeVtt).join('\n')}`);
  return `WEBVTT\n\n${body.map((cue) => `${cue}\n\n`).join('')}`;
}

export function toSrt(t: Transcription): string {
  return cues(t)
    .map((c, i) => `${i + 1}\n${stamp(c.start, ',')} --> ${stamp(c.end, ',')}\n${c.lines.map((l) => l.replace(/-->/g, '->')).join('\n')}\n\n`)
    .join('');
}

/** Re-joins the transcriptions of consecutive pieces of one file; `offset` is each piece's start in the whole. */
export function mergeChunks(chunks: Array<{ offset: number; t: Transcription }>): Transcription {
  const ordered = [...chunks].sort((a, b) => a.offset - b.offset);
  const last = ordered[ordered.length - 1];
  return {
    text: ordered.map((c) => c.t.text.trim()).filter(Boolean).join(' '),
    language: ordered.find((c) => c.t.language)?.t.language ?? null,
    duration: last ? last.offset + last.t.duration : 0,
    segments: ordered.flatMap(({ offset, t }) => t.segments.map((s) => ({ ...s, start: s.start + offset, end: s.end + offset }))),
    words: ordered.flatMap(({ offset, t }) => t.words.map((w) => ({ ...w, start: w.start + offset, end: w.end + offset }))),
  };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const timed = (v: unknown): v is Json & { start: number; end: number } => isObject(v) && finite(v.start) && finite(v.end);

/**
 * whisper.cpp's nested `words` are really tokens: a piece without a leading space continues the
 * previous word (" Hel" + "lo" + ","), so pieces are glued back into words within a segment.
 */
function wordsFromTokens(tokens: unknown[]): TranscriptWord[] {
  const words: TranscriptWord[] = [];
  for (const t of tokens) {
    if (!timed(t) || typeof t.word !== 'string' || /^\s*\[_[A-Z]+_?\d*\]\s*$/.test(t.word)) continue;
    const prev = words[words.length - 1];
    if (prev && t.word.trim() && !/^\s/.test(t.word)) {
      prev.word += t.word;
      prev.end = Math.max(prev.end, t.end);
    } else if (t.word.trim()) words.push({ word: t.word.trim(), start: t.start, end: t.end });
  }
  return words;
}

/**
 * An OpenAI-shaped transcription answer as a `Transcription`: verbose_json with top-level `words`
 * (OpenAI, Groq, speaches), the whisper.cpp variant with words nested in each segment, a plain
 * `json` answer `{text}` or a `text` answer (a string), which carry no timings.
 */
export function normaliseVerboseJson(body: unknown, fallbackDuration: number): Transcription {
  if (typeof body === 'string') return { text: clean(body), language: null, duration: fallbackDuration, segments: [], words: [] };
  const b = isObject(body) ? body : {};
  const rawSegments = Array.isArray(b.segments) ? b.segments.filter(timed) : [];
  const segments = rawSegments.map((s) => ({ start: s.start, end: s.end, text: clean(String(s.text ?? '')) }));
  const words = Array.isArray(b.words)
    ? b.words
        .filter(timed)
        .map((w) => ({ word: String(w.word ?? '').trim(), start: w.start, end: w.end }))
        .filter((w) => w.word)
    : rawSegments.flatMap((s) => (Array.isArray(s.words) ? wordsFromTokens(s.words) : []));
  const text = typeof b.text === 'string' ? clean(b.text) : segments.map((s) => s.text).join(' ');
  return {
    text,
    language: typeof b.language === 'string' && b.language ? b.language : null,
    duration: finite(b.duration) && b.duration > 0 ? b.duration : fallbackDuration,
    segments,
    words,
  };
}
