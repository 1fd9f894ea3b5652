import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpegInfo, MediaError, probe, runFfmpeg } from '@/lib/media/ffmpeg';
import { shippedFonts } from '@/lib/media/fonts';
import type { CameraMovement, Lighting } from '@/lib/strategy';
import { filterPath, renderLocalVideo } from './render';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cinemood-render-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const render = (name: string, camera: CameraMovement, lighting: Lighting, extra: Partial<Parameters<typeof renderLocalVideo>[0]> = {}) =>
  renderLocalVideo(
    { generationType: 'text_to_video', prompt: 'A quiet harbour at dusk', cameraMovement: camera, lighting, aspectRatio: '16:9', durationSeconds: 2, seed: 'fixed', ...extra },
    path.join(dir, `${name}.mp4`),
  );

/** Raw frames of a clip, grey and small, straight from ffmpeg. */
function frames(file: string, format: 'gray' | 'rgb24', size = '64x36'): Buffer[] {
  const raw = execFileSync(ffmpegInfo().ffmpeg.path, ['-v', 'error', '-i', file, '-vf', `scale=${size}`, '-f', 'rawvideo', '-pix_fmt', format, '-'], { maxBuffer: 64 * 1024 * 1024 });
  const [w, h] = size.split('x').map(Number);
  const frameBytes = w * h * (format === 'gray' ? 1 : 3);
  return Array.from({ length: Math.floor(raw.length / frameBytes) }, (_, i) => raw.subarray(i * frameBytes, (i + 1) * frameBytes));
}

/** Mean absolute difference between consecutive frames, away from the fades at both ends. */
function motion(file: string): number {
  const all = frames(file, 'gray');
  const middle = all.slice(13, -13);
  let total = 0;
  for (let i = 1; i < middle.length; i++) for (let p = 0; p < middle[i].length; p++) total += Math.abs(middle[i][p] - middle[i - 1][p]);
  return total / ((middle.length - 1) * middle[0].length);
}

/** One grey frame at a point in time, 640×360. */
function frameAt(file: string, seconds: number): Buffer {
  return execFileSync(ffmpegInfo().ffmpeg.path, ['-v', 'error', '-ss', String(seconds), '-i', file, '-frames:v', '1', '-vf', 'scale=640:360', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], {
    maxBuffer: 4 * 1024 * 1024,
  });
}

function meanRgb(file: string): { r: number; g: number; b: number } {
  const frame = frames(file, 'rgb24')[30];
  const sum = { r: 0, g: 0, b: 0 };
  for (let p = 0; p < frame.length; p += 3) {
    sum.r += frame[p];
    sum.g += frame[p + 1];
    sum.b += frame[p + 2];
  }
  const n = frame.length / 3;
  return { r: sum.r / n, g: sum.g / n, b: sum.b / n };
}

describe('local video renderer', () => {
  it('renders H.264 at the strategy size and duration for 16:9 and 9:16', async () => {
    for (const [aspect, width, height] of [['16:9', 1280, 720], ['9:16', 720, 1280]] as const) {
      const out = path.join(dir, `size-${width}.mp4`);
      const progress: number[] = [];
      await renderLocalVideo({ generationType: 'text_to_video', prompt: 'Size check', cameraMovement: 'pan_slow', lighting: 'natural', aspectRatio: aspect, durationSeconds: 2 }, out, {
        onProgress: (p) => progress.push(p),
      });
      const info = await probe(out);
      expect(info).toMatchObject({ videoCodec: 'h264', width, height, hasAudio: false });
      expect(Math.abs((info.durationSeconds ?? 0) - 2)).toBeLessThan(0.1);
      expect(progress.at(-1)).toBe(100);
    }
  });

  it('moves the camera measurably: a whip pan and a crash zoom move far more than a static shot', async () => {
    // A detailed still shows camera motion plainly; the soft procedural light would hide it.
    const detail = path.join(dir, 'detail.png');
    await runFfmpeg((c) => c.input('testsrc2=size=1280x720:rate=1').inputFormat('lavfi').outputOptions(['-frames:v', '1', '-y']).output(detail));
    const shot = (name: string, camera: CameraMovement) =>
      render(name, camera, 'natural', { generationType: 'image_to_video', imageFile: detail, durationSeconds: 3 });
    await shot('static', 'static_focus');
    await shot('whip', 'whip_pan_right');
    await shot('crash', 'crash_zoom_in');
    const still = motion(path.join(dir, 'static.mp4'));
    const whip = motion(path.join(dir, 'whip.mp4'));
    const crash = motion(path.join(dir, 'crash.mp4'));
    console.log(`mean frame difference: static_focus ${still.toFixed(2)}, whip_pan_right ${whip.toFixed(2)}, crash_zoom_in ${crash.toFixed(2)}`);
    expect(whip).toBeGreaterThan(still * 3);
    expect(crash).toBeGreaterThan(still * 3);
  });

  it('moves the camera over the procedural scene too: each move frames the same light its own way', async () => {
    // Same seed, so the same drifting light; only the camera differs (the light's own drift is
    // in every clip alike, so frames are compared across clips at the same moment).
    const cameras: CameraMovement[] = ['static_focus', 'whip_pan_right', 'crash_zoom_in', 'spiral_zoom', 'crane_up', 'bullet_time'];
    for (const camera of cameras) await render(`scene-${camera}`, camera, 'natural', { durationSeconds: 3 });
    const diff = (a: Buffer, b: Buffer) => a.reduce((sum, v, p) => sum + Math.abs(v - b[p]), 0) / a.length;
    const at = (camera: CameraMovement, seconds: number) => frameAt(path.join(dir, `scene-${camera}.mp4`), seconds);
    const report: string[] = [];
    for (const camera of cameras.slice(1)) {
      const early = diff(at(camera, 0.5), at('static_focus', 0.5));
      const late = diff(at(camera, 2.5), at('static_focus', 2.5));
      report.push(`${camera} ${early.toFixed(1)} → ${late.toFixed(1)}`);
      // A frame of the soft scene differs from itself a few levels at most; a move frames other light.
      expect(late, camera).toBeGreaterThan(10);
    }
    console.log(`procedural scene, mean difference from static_focus at 0.5 s → 2.5 s: ${report.join(', ')}`);
  });

  it('grades the light: golden hour is warm, neon noir is cool and magenta-cyan', async () => {
    await render('golden', 'static_focus', 'golden_hour');
    await render('noir', 'static_focus', 'neon_noir');
    const golden = meanRgb(path.join(dir, 'golden.mp4'));
    const noir = meanRgb(path.join(dir, 'noir.mp4'));
    console.log(`mean RGB: golden_hour ${JSON.stringify(golden)}, neon_noir ${JSON.stringify(noir)}`);
    expect(golden.r).toBeGreaterThan(golden.b);
    expect(noir.b / noir.r).toBeGreaterThan(golden.b / golden.r);
  });

  it('animates a still image (Ken Burns) at the requested aspect', async () => {
    const still = path.join(dir, 'still.png');
    await runFfmpeg((c) => c.input('testsrc2=size=800x600:rate=1').inputFormat('lavfi').outputOptions(['-frames:v', '1', '-y']).output(still));
    const out = path.join(dir, 'kenburns.mp4');
    await renderLocalVideo({ generationType: 'image_to_video', prompt: 'x', cameraMovement: 'dolly_slow', lighting: 'warm_ambient', aspectRatio: '4:5', durationSeconds: 2, imageFile: still }, out);
    expect(await probe(out)).toMatchObject({ width: 720, height: 900 });
    expect(motion(out)).toBeGreaterThan(0.05);
  });

  it('always draws the title card, in the shipped DejaVu Serif (no system font needed)', async () => {
    // Same seed, so the same scene; only the title differs. At 2 s of 4 the title is fully faded in.
    const a = await render('title-a', 'static_focus', 'natural', { prompt: 'Harbour lights at dusk', durationSeconds: 4 });
    await render('title-b', 'static_focus', 'natural', { prompt: 'WWW MMM 888 ###', durationSeconds: 4 });
    expect(a.ffmpegArgs.join(' ')).toContain(`fontfile=${filterPath(shippedFonts().serif)}:`);
    const fa = frameAt(path.join(dir, 'title-a.mp4'), 2);
    const fb = frameAt(path.join(dir, 'title-b.mp4'), 2);
    // The title sits around 80% of the height; above 60% nothing but the scene.
    const split = 360 * 0.6 * 640;
    const diff = (from: number, to: number) => {
      let total = 0;
      for (let p = from; p < to; p++) total += Math.abs(fa[p] - fb[p]);
      return total / (to - from);
    };
    const bright = (f: Buffer) => f.subarray(split).filter((v) => v > 200).length;
    console.log(`title region: ${bright(fa)} and ${bright(fb)} bright pixels, mean difference ${diff(split, fa.length).toFixed(2)}; scene above it differs by ${diff(0, split).toFixed(2)}`);
    expect(bright(fa)).toBeGreaterThan(300);
    expect(bright(fb)).toBeGreaterThan(300);
    expect(diff(split, fa.length)).toBeGreaterThan(2);
    expect(diff(0, split)).toBeLessThan(1);
  });

  it("leaves the title card out when asked (a production's shots carry captions instead)", async () => {
    const bare = await render('untitled', 'static_focus', 'natural', { prompt: 'WWW MMM 888 ###', durationSeconds: 4, titleCard: false });
    await render('titled', 'static_focus', 'natural', { prompt: 'WWW MMM 888 ###', durationSeconds: 4 });
    expect(bare.ffmpegArgs.join(' ')).not.toContain('drawtext');
    const without = frameAt(path.join(dir, 'untitled.mp4'), 2);
    const withTitle = frameAt(path.join(dir, 'titled.mp4'), 2);
    const band = (f: Buffer) => f.subarray(360 * 0.6 * 640).filter((v) => v > 200).length;
    expect(band(withTitle)).toBeGreaterThan(300);
    expect(band(without)).toBeLessThan(band(withTitle) / 10);
  });

  it('treats every character of the prompt as text, never as filter syntax', async () => {
    const prompt = `It's 100% "real": a [scene]; with \\backslashes, commas, %{pts} and 'quotes'`;
    const result = await render('injection', 'static_focus', 'natural', { prompt });
    expect((await probe(path.join(dir, 'injection.mp4'))).width).toBe(1280);
    expect(result.ffmpegArgs.join(' ')).not.toContain('100%');
  });

  it('stops on abort and refuses invalid input', async () => {
    const controller = new AbortController();
    const pending = renderLocalVideo(
      { generationType: 'text_to_video', prompt: 'long', cameraMovement: 'spiral_zoom', lighting: 'volumetric', aspectRatio: '16:9', durationSeconds: 60 },
      path.join(dir, 'abort.mp4'),
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 300);
    await expect(pending).rejects.toThrow('the render was canceled');
    await expect(renderLocalVideo({ generationType: 'image_to_video', prompt: 'x', cameraMovement: 'pan_slow', lighting: 'natural', aspectRatio: '16:9', durationSeconds: 2 }, path.join(dir, 'x.mp4'))).rejects.toBeInstanceOf(MediaError);
    await expect(renderLocalVideo({ generationType: 'text_to_video', prompt: 'x', cameraMovement: 'pan_slow', lighting: 'natural', aspectRatio: '16:9', durationSeconds: 0 }, path.join(dir, 'y.mp4'))).rejects.toThrow(/invalid render input/);
  });
});
