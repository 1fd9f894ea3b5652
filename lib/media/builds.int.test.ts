import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableFfmpegBuilds, extractPoster, probe, remuxFaststart, runFfmpeg, selectFfmpegBuild } from '@/lib/media/ffmpeg';
import { mp4IndexPosition } from '@/lib/media/mp4-boxes';
import { renderLocalVideo } from '@/lib/providers/video/local/render';

// The product runs the npm build by default; an operator may choose the system one. Every build
// this machine has (CI installs Debian's beside the npm one) must do the product's media work.
const builds = availableFfmpegBuilds();
let dir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cinemood-builds-'));
});
afterAll(async () => {
  selectFfmpegBuild('npm');
  await fs.rm(dir, { recursive: true, force: true });
});

describe.each(builds)('media work on the %s ffmpeg build', (build) => {
  it('renders a local clip that follows the strategy, faststart, with a poster frame', async () => {
    expect(selectFfmpegBuild(build).ffmpeg.source).toBe(build);
    const out = path.join(dir, `${build}-clip.mp4`);
    await renderLocalVideo(
      { generationType: 'text_to_video', prompt: 'A lighthouse in the fog', cameraMovement: 'dolly_slow', lighting: 'golden_hour', aspectRatio: '9:16', durationSeconds: 2, seed: 'builds' },
      out,
    );
    const info = await probe(out);
    expect(info).toMatchObject({ hasVideo: true, videoCodec: 'h264', width: 720, height: 1280 });
    expect(info.durationSeconds).toBeCloseTo(2, 0);
    expect(await mp4IndexPosition(out)).toBe('front');
    const poster = path.join(dir, `${build}-poster.jpg`);
    await extractPoster(out, poster, { durationSeconds: info.durationSeconds });
    expect((await fs.stat(poster)).size).toBeGreaterThan(1000);
  });

  it('moves an MP4 index to the front without re-encoding', async () => {
    selectFfmpegBuild(build);
    const late = path.join(dir, `${build}-late.mp4`);
    await runFfmpeg((c) =>
      c
        .input('testsrc2=size=320x240:rate=24:duration=1')
        .inputFormat('lavfi')
        .input('sine=frequency=440:duration=1')
        .inputFormat('lavfi')
        .outputOptions(['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-y'])
        .output(late),
    );
    expect(await mp4IndexPosition(late)).toBe('end');
    const fixed = path.join(dir, `${build}-fixed.mp4`);
    await remuxFaststart(late, fixed, 'video/mp4');
    expect(await mp4IndexPosition(fixed)).toBe('front');
    const [before, after] = [await probe(late), await probe(fixed)];
    expect(after).toMatchObject({ videoCodec: before.videoCodec, audioCodec: before.audioCodec, width: 320, height: 240 });
  });
});
