import { describe, expect, it } from 'vitest';
import { assColor, assTime, breakLines, captionLayout, captionsAss, escapeAssText, HOLD_SECONDS, lineWidthPx, MAX_LINE_WIDTH } from './captions';
import { OUTPUT_PRESETS } from './timeline';

const vertical = OUTPUT_PRESETS.vertical_1080;
/** Words 0.3 s long with 0.05 s between them, starting at `at`. */
const timed = (text: string, at = 0) => text.split(' ').map((word, i) => ({ word, start: at + i * 0.35, end: at + i * 0.35 + 0.3 }));
const wide = { fontSizePx: 40, maxWidthPx: 5000 };

describe('breakLines', () => {
  it('keeps at most six words on a line', () => {
    const lines = breakLines(timed('one two three four five six seven eight nine'), wide);
    expect(lines.map((l) => l.words.length)).toEqual([6, 3]);
  });

  it('breaks after a sentence and after a comma once a line has three words', () => {
    const lines = breakLines(timed('Hi. We went, and then, we left'), wide);
    expect(lines.map((l) => l.words.map((w) => w.word).join(' '))).toEqual(['Hi.', 'We went, and then,', 'we left']);
  });

  it('breaks at a pause longer than 0.6 s', () => {
    const words = [...timed('before the pause'), ...timed('after it', 1.6)];
    expect(breakLines(words, wide).map((l) => l.words.length)).toEqual([3, 2]);
  });

  it('never lets a line grow wider than the width it is given', () => {
    const maxWidthPx = vertical.width * MAX_LINE_WIDTH;
    const lines = breakLines(timed('extraordinarily long words overwhelm narrow vertical screens quickly'), { fontSizePx: 86, maxWidthPx });
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) {
      if (line.words.length > 1) expect(lineWidthPx(line.words.map((w) => w.word).join(' '), 86)).toBeLessThanOrEqual(maxWidthPx);
    }
  });

  it('holds a line briefly after its last word, never into the next line', () => {
    const words = [...timed('first line.'), ...timed('second', 0.75), ...timed('far later', 5)];
    const [a, b, c] = breakLines(words, wide);
    expect(a.end).toBeCloseTo(0.75, 5); // next line starts 0.1 s after "line." ends
    expect(b.end).toBeCloseTo(0.75 + 0.3 + HOLD_SECONDS, 5);
    expect(c.start).toBe(5);
  });

  it('sorts words and drops empty or inverted ones', () => {
    const lines = breakLines([{ word: 'b', start: 1, end: 1.2 }, { word: ' ', start: 0.2, end: 0.3 }, { word: 'a', start: 0.5, end: 0.7 }, { word: 'x', start: 2, end: 1 }], wide);
    expect(lines[0].words.map((w) => w.word)).toEqual(['a', 'b']);
  });
});

describe('escapeAssText', () => {
  it('keeps braces and backslashes literal and flattens line breaks', () => {
    expect(escapeAssText('{\\b1}')).toBe('\\{\\\u2060b1\\}');
    expect(escapeAssText('a\\Nb')).toBe('a\\\u2060Nb');
    expect(escapeAssText('two\nlines\r\n')).toBe('two lines ');
  });

  it('switches emoji to the emoji font and back', () => {
    expect(escapeAssText('go🎬!')).toBe('go{\\fnNoto Emoji}🎬{\\fnDejaVu Sans}!');
    expect(escapeAssText('👍🏽')).toBe('{\\fnNoto Emoji}👍🏽{\\fnDejaVu Sans}');
  });
});

describe('ASS values', () => {
  it('writes colours as &HBBGGRR and times as H:MM:SS.cc', () => {
    expect(assColor('#FFD400')).toBe('&H0000D4FF&');
    expect(() => assColor('yellow')).toThrow();
    expect(assTime(0)).toBe('0:00:00.00');
    expect(assTime(3723.456)).toBe('1:02:03.46');
  });

  it('keeps captions inside each preset safe zone', () => {
    for (const preset of Object.values(OUTPUT_PRESETS)) {
      const bottom = captionLayout(preset, 'bottom', 0.045);
      expect(bottom.alignment).toBe(2);
      expect(bottom.marginV).toBeGreaterThanOrEqual(preset.safe.bottom * preset.height + bottom.outline);
      const top = captionLayout(preset, 'top', 0.045);
      expect(top.alignment).toBe(8);
      expect(top.marginV).toBeGreaterThanOrEqual(preset.safe.top * preset.height + top.outline);
      expect(captionLayout(preset, 'middle', 0.045).alignment).toBe(5);
      expect(bottom.marginLR * 2).toBeGreaterThanOrEqual(preset.width * (1 - MAX_LINE_WIDTH) - 1);
    }
    expect(captionLayout(vertical, 'bottom', 0.05).fontSizePx).toBe(96);
  });
});

describe('captionsAss', () => {
  const words = timed('Neon rain falls.');
  const spec = { position: 'bottom' as const, size: 0.045, highlightColor: '#FFD400', words };

  it('writes nothing for style none or no words', () => {
    expect(captionsAss({ ...spec, style: 'none' }, vertical)).toBeNull();
    expect(captionsAss({ ...spec, style: 'line', words: [] }, vertical)).toBeNull();
  });

  it('line: one event per line while it is spoken, with the preset as the canvas', () => {
    const ass = captionsAss({ ...spec, style: 'line' }, vertical) as string;
    expect(ass).toContain('PlayResX: 1080');
    expect(ass).toContain('PlayResY: 1920');
    expect(ass).toMatch(/Style: Caption,DejaVu Sans,86,/);
    const events = ass.split('\n').filter((l) => l.startsWith('Dialogue:'));
    expect(events).toEqual([`Dialogue: 0,0:00:00.00,0:00:01.30,Caption,,0,0,0,,Neon rain falls.`]);
  });

  it('word_highlight: one event per word interval, the current word coloured', () => {
    const ass = captionsAss({ ...spec, style: 'word_highlight' }, vertical) as string;
    const events = ass.split('\n').filter((l) => l.startsWith('Dialogue:'));
    expect(events).toEqual([
      'Dialogue: 0,0:00:00.00,0:00:00.35,Caption,,0,0,0,,{\\c&H0000D4FF&}Neon{\\c&H00FFFFFF&} rain falls.',
      'Dialogue: 0,0:00:00.35,0:00:00.70,Caption,,0,0,0,,Neon {\\c&H0000D4FF&}rain{\\c&H00FFFFFF&} falls.',
      'Dialogue: 0,0:00:00.70,0:00:01.30,Caption,,0,0,0,,Neon rain {\\c&H0000D4FF&}falls.{\\c&H00FFFFFF&}',
    ]);
  });
});
