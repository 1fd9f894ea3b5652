import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractPoster, ffmpegInfo, MediaError, probe, runFfmpeg } from '@/lib/media/ffmpeg';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cinemood-ffmpeg-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** Mean luma of a JPEG, measured by ffmpeg itself through signalstats. */
async function meanLuma(image: string): Promise<number> {
  const lines: string[] = [];
  const metaFile = path.join(dir, `stats-${path.basename(image)}.txt`);
  await runFfmpeg((c) => c.input(image).outputOptions(['-vf', `signalstats,metadata=print:file=${metaFile}`, '-f', 'null']).output('-'));
  lines.push(...(await fs.readFile(metaFile, 'utf8')).split('\n'));
  const yavg = lines.find((l) => l.includes('lavfi.signalstats.YAVG'));
  return Number(yavg?.split('=')[1]);
}

describe('ffmpeg module', () => {
  it('reports which binaries it uses', () => {
    const info = ffmpegInfo();
    expect(['system', 'npm']).toContain(info.ffmpeg.source);
    expect(info.version).not.toBe('unknown');
  });

  it('renders an H.264 faststart MP4 with progress and probes normalised numbers', async () => {
    const out = path.join(dir, 'clip.mp4');
    const progress: number[] = [];
    await runFfmpeg(
      (c) =>
        c
          .input('testsrc2=size=640x360:rate=25:duration=3')
          .inputFormat('lavfi')
          .outputOptions(['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', '-y'])
          .output(out),
      { durationSeconds: 3, onProgress: (p) => progress.push(p) },
    );
    const info = await probe(out);
    expect(info).toMatchObject({ hasVideo: true, hasAudio: false, videoCodec: 'h264', width: 640, height: 360, fps: 25 });
    expect(info.durationSeconds).toBeCloseTo(3, 1);
    expect(progress.at(-1)).toBe(100);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    // faststart: the moov atom comes before mdat, so a browser can start playback at once.
    const head = (await fs.readFile(out)).subarray(0, 4096).toString('latin1');
    expect(head.indexOf('moov')).toBeGreaterThan(-1);
    expect(head.indexOf('moov')).toBeLessThan(head.indexOf('mdat') === -1 ? Infinity : head.indexOf('mdat'));
  });

  it('picks a poster that is not black from a clip that fades in', async () => {
    const clip = path.join(dir, 'fade.mp4');
    await runFfmpeg((c) =>
      c
        .input('testsrc2=size=640x360:rate=25:duration=4')
        .inputFormat('lavfi')
        .outputOptions(['-vf', 'fade=t=in:st=0:d=1.5', '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-y'])
        .output(clip),
    );
    const poster = path.join(dir, 'poster.jpg');
    await extractPoster(clip, poster, { durationSeconds: 4, width: 320 });
    expect((await probe(poster)).width).toBe(320);
    const firstFrame = path.join(dir, 'first.jpg');
    await runFfmpeg((c) => c.input(clip).outputOptions(['-frames:v', '1', '-y']).output(firstFrame));
    expect(await meanLuma(firstFrame)).toBeLessThan(20);
    expect(await meanLuma(poster)).toBeGreaterThan(60);
  });

  it('fails with a readable message and keeps stderr for the logs', async () => {
    const bogus = path.join(dir, 'not-media.mp4');
    await fs.writeFile(bogus, 'this is not a video');
    const error = await runFfmpeg((c) => c.input(bogus).output(path.join(dir, 'x.mp4')), { failureMessage: 'the upload could not be transcoded' }).catch((e) => e);
    expect(error).toBeInstanceOf(MediaError);
    expect(error.message).toBe('the upload could not be transcoded');
    expect(error.stderrTail).toMatch(/Invalid data|could not find codec|moov atom/i);
    await expect(probe(bogus)).rejects.toBeInstanceOf(MediaError);
  });

  it('stops a running render when its signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const render = runFfmpeg(
      (c) => c.input('mandelbrot=size=1280x720:rate=30').inputFormat('lavfi').outputOptions(['-t', '60', '-c:v', 'libx264', '-y']).output(path.join(dir, 'long.mp4')),
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 300);
    await expect(render).rejects.toThrow('the render was canceled');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
