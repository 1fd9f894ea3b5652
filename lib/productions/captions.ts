import type { OutputPreset } from './timeline';

// Word-timed captions as an ASS document for libass (ffmpeg's `ass` filter). Pure: no files, no
// ffmpeg, so line breaking, escaping and timing are unit-tested on their own.

export interface CaptionWord {
  word: string;
  start: number;
  end: number;
}

export interface CaptionSpec {
  style: 'word_highlight' | 'line' | 'none';
  position: 'bottom' | 'middle' | 'top';
  /** Font size as a fraction of the output's height (the timeline's `captions.size`). */
  size: number;
  /** `#RRGGBB`: the word being spoken, in `word_highlight`. */
  highlightColor: string;
  words: CaptionWord[];
}

export interface CaptionLine {
  words: CaptionWord[];
  start: number;
  /** When the line leaves the screen: its last word's end plus a short hold (never into the next line). */
  end: number;
}

/** DejaVu Sans: shipped by lib/media/fonts.ts, so every machine draws the same captions. */
export const CAPTION_FONT = 'DejaVu Sans';
export const EMOJI_FONT = 'Noto Emoji';
export const MAX_WORDS_PER_LINE = 6;
/** A comma ends a line only once it holds this many words; . ! ? ; : always end one. */
export const MIN_WORDS_BEFORE_COMMA = 3;
/** Silence longer than this between two words starts a new line. */
export const PAUSE_SECONDS = 0.6;
/** Lines never take more than this fraction of the width (libass also wraps inside the margins). */
export const MAX_LINE_WIDTH = 0.8;
/** A line stays up this long after its last word, so it does not blink off mid-thought. */
export const HOLD_SECONDS = 0.3;

// Emoji and pictographs are drawn in Noto Emoji explicitly instead of trusting libass's fallback.
const EMOJI_RUN = /(?:\p{Extended_Pictographic}|\p{Regional_Indicator})(?:\u{FE0F}|\u{200D}|[\u{1F3FB}-\u{1F3FF}]|\p{Extended_Pictographic})*/gu;

/**
 * An upper bound of a word's advance in DejaVu Sans Bold, in ems: its glyphs run 0.6–0.8 em for
 * letters, so this overestimates slightly and a line is broken early rather than too wide.
 */
export function textWidthEm(text: string): number {
  let em = 0;
  for (const ch of text.replace(EMOJI_RUN, '\u{1F600}')) {
    if (ch === ' ') em += 0.35;
    else if (/\p{Extended_Pictographic}/u.test(ch)) em += 1.25;
    else if (/[A-Z0-9MWmw@%&]/.test(ch)) em += 0.8;
    else if (/[.,;:!?'"|il()[\]{}-]/.test(ch)) em += 0.42;
    else if (ch.codePointAt(0) as number > 0x2e80) em += 1.05;
    else em += 0.7;
  }
  return em;
}

/**
 * libass sizes a font so that its ascent + descent equal Fontsize; in DejaVu Sans that span is
 * (1901 + 483) / 2048 = 1.164 em, so one em is Fontsize / 1.164 pixels.
 */
export const lineWidthPx = (text: string, fontSizePx: number) => (textWidthEm(text) * fontSizePx) / 1.164;

const endsSentence = (word: string) => /[.!?;:…]["')\]]*$/.test(word);
const endsClause = (word: string) => /[,–—]["')\]]*$/.test(word);

/** Groups timed words into caption lines: at most 6 words, broken at punctuation, pauses and width. */
export function breakLines(words: CaptionWord[], opts: { fontSizePx: number; maxWidthPx: number }): CaptionLine[] {
  const sorted = words.filter((w) => w.word.trim() !== '' && w.end >= w.start).sort((a, b) => a.start - b.start);
  const groups: CaptionWord[][] = [];
  let current: CaptionWord[] = [];
  const width = (ws: CaptionWord[]) => lineWidthPx(ws.map((w) => w.word).join(' '), opts.fontSizePx);
  for (const word of sorted) {
    const prev = current.at(-1);
    const breakBefore =
      prev !== undefined &&
      (current.length >= MAX_WORDS_PER_LINE ||
        word.start - prev.end > PAUSE_SECONDS ||
        endsSentence(prev.word) ||
        (endsClause(prev.word) && current.length >= MIN_WORDS_BEFORE_COMMA) ||
        width([...current, word]) > opts.maxWidthPx);
    if (breakBefore) {
      groups.push(current);
      current = [];
    }
    current.push(word);
  }
  if (current.length) groups.push(current);
  return groups.map((ws, i) => {
    const last = ws[ws.length - 1];
    const next = groups[i + 1]?.[0]?.start ?? Number.POSITIVE_INFINITY;
    return { words: ws, start: ws[0].start, end: Math.max(last.end, Math.min(last.end + HOLD_SECONDS, next)) };
  });
}

/**
 * A word as ASS dialogue text. libass reads `\{` and `\}` as literal braces; a backslash is kept
 * literal by a word joiner after it (so `\N`, `\h` or `\{` in a word never become commands);
 * line breaks become spaces. Emoji runs are switched to the emoji font and back.
 */
export function escapeAssText(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/\\/g, '\\\u2060')
    .replace(/[{}]/g, (c) => `\\${c}`)
    .replace(EMOJI_RUN, (run) => `{\\fn${EMOJI_FONT}}${run}{\\fn${CAPTION_FONT}}`);
}

/** `#RRGGBB` as an ASS colour (`&H00BBGGRR&`, opaque). */
export function assColor(hex: string): string {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #RRGGBB colour: ${hex}`);
  return `&H00${m[3]}${m[2]}${m[1]}&`.toUpperCase();
}

/** ASS time: H:MM:SS.cc, rounded to the centisecond. */
export function assTime(seconds: number): string {
  const cs = Math.max(0, Math.round(seconds * 100));
  const h = Math.floor(cs / 360000);
  const m = Math.floor((cs % 360000) / 6000);
  const s = Math.floor((cs % 6000) / 100);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${h}:${pad(m)}:${pad(s)}.${pad(cs % 100)}`;
}

export interface CaptionLayout {
  fontSizePx: number;
  /** ASS numpad alignment: 2 bottom centre, 5 middle, 8 top centre. */
  alignment: 2 | 5 | 8;
  marginV: number;
  marginLR: number;
  outline: number;
  shadow: number;
}

/**
 * Where captions sit: inside the preset's safe zone (e.g. vertical keeps the top 10 % and the
 * bottom 20 % clear), with a further 2 % of the height plus the outline as breathing room.
 */
export function captionLayout(preset: OutputPreset, position: CaptionSpec['position'], size: number): CaptionLayout {
  const fontSizePx = Math.round(size * preset.height);
  const outline = Math.max(2, Math.round(fontSizePx * 0.07));
  const shadow = Math.max(1, Math.round(fontSizePx * 0.035));
  const pad = Math.round(preset.height * 0.02) + outline + shadow;
  const marginLR = Math.round((preset.width * (1 - MAX_LINE_WIDTH)) / 2);
  if (position === 'top') return { fontSizePx, alignment: 8, marginV: Math.ceil(preset.safe.top * preset.height) + pad, marginLR, outline, shadow };
  if (position === 'middle') return { fontSizePx, alignment: 5, marginV: 0, marginLR, outline, shadow };
  return { fontSizePx, alignment: 2, marginV: Math.ceil(preset.safe.bottom * preset.height) + pad, marginLR, outline, shadow };
}

function lineText(line: CaptionLine, highlight: number | null, color: string): string {
  return line.words
    .map((w, i) => (i === highlight ? `{\\c${color}}${escapeAssText(w.word)}{\\c&H00FFFFFF&}` : escapeAssText(w.word)))
    .join(' ');
}

/**
 * The whole .ass document, or null when there is nothing to show. `line`: one event per line
 * while it is spoken. `word_highlight`: one event per word interval (a word's start to the next
 * word's start), each showing the whole line with that word in the highlight colour.
 */
export function captionsAss(spec: CaptionSpec, preset: OutputPreset): string | null {
  if (spec.style === 'none' || spec.words.length === 0) return null;
  const layout = captionLayout(preset, spec.position, spec.size);
  const lines = breakLines(spec.words, { fontSizePx: layout.fontSizePx, maxWidthPx: preset.width * MAX_LINE_WIDTH });
  if (lines.length === 0) return null;
  const color = assColor(spec.highlightColor);
  const events: string[] = [];
  const dialogue = (start: number, end: number, text: string) => {
    if (Math.round(end * 100) > Math.round(start * 100)) events.push(`Dialogue: 0,${assTime(start)},${assTime(end)},Caption,,0,0,0,,${text}`);
  };
  for (const line of lines) {
    if (spec.style === 'line') {
      dialogue(line.start, line.end, lineText(line, null, color));
      continue;
    }
    line.words.forEach((w, i) => {
      const until = i + 1 < line.words.length ? line.words[i + 1].start : line.end;
      dialogue(w.start, until, lineText(line, i, color));
    });
  }
  const { fontSizePx, alignment, marginV, marginLR, outline, shadow } = layout;
  return [
    '[Script Info]',
    'ScriptType: v4.00+',
    `PlayResX: ${preset.width}`,
    `PlayResY: ${preset.height}`,
    'WrapStyle: 0',
    'ScaledBorderAndShadow: yes',
    '',
    '[V4+ Styles]',
    'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding',
    `Style: Caption,${CAPTION_FONT},${fontSizePx},&H00FFFFFF,&H00FFFFFF,&H00000000,&H99000000,-1,0,0,0,100,100,0,0,1,${outline},${shadow},${alignment},${marginLR},${marginLR},${marginV},1`,
    '',
    '[Events]',
    'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
    ...events,
    '',
  ].join('\n');
}
