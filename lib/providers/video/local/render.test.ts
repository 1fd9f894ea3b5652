import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { MediaError } from '@/lib/media/ffmpeg';

vi.mock('@/lib/media/fonts', async (original) => {
  const actual = await original<typeof import('@/lib/media/fonts')>();
  return {
    ...actual,
    shippedFonts: () => {
      throw new actual.FontError('a shipped font is missing: DejaVuSerif.ttf');
    },
  };
});

const { renderLocalVideo } = await import('./render');

describe('the title card without its font', () => {
  it('fails the render by name instead of leaving the title out', async () => {
    const out = path.join(os.tmpdir(), `cinemood-no-font-${process.pid}.mp4`);
    const pending = renderLocalVideo({ generationType: 'text_to_video', prompt: 'A title', cameraMovement: 'pan_slow', lighting: 'natural', aspectRatio: '16:9', durationSeconds: 2 }, out);
    await expect(pending).rejects.toBeInstanceOf(MediaError);
    await expect(pending).rejects.toThrow(/the title card cannot be drawn: a shipped font is missing: DejaVuSerif\.ttf/);
    expect(fs.existsSync(out)).toBe(false);
  });
});
