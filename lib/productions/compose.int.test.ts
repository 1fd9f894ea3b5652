import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSpeechEngine } from '@/lib/audio/local/speech';
import { availableFfmpegBuilds, MediaError, probe, runFfmpeg, selectFfmpegBuild } from '@/lib/media/ffmpeg';
import { type ComposeInput, composeProduction } from './compose';
import { OUTPUT_PRESETS, type OutputPreset } from './timeline';

// The composer on every ffmpeg build this machine has, judged by its output alone: ffprobe for
// the streams, ebur128 for loudness, volumedetect for ducking, decoded frames for transitions
// and captions. Inputs are generated here, in sizes and aspects that all differ from the preset.

const builds = availableFfmpegBuilds();
const FPS = 30;
const vertical = OUTPUT_PRESETS.vertical_1080;
/** The narration: a 2 kHz tone on during these windows (seconds), silent between them. */
const SPEECH: [number, number][] = [[0.5, 2.5], [3.5, 5.0], [6.0, 6.8], [7.6, 8.4]];
const W = (word: string, start: number, end: number) => ({ word, start, end });
const WORDS = [
  W('Neon', 0.5, 0.9), W('rain', 0.95, 1.4), W('over', 1.45, 1.9), W('the', 1.95, 2.1), W('market.', 2.15, 2.5),
  W('Every', 3.5, 4.0), W('stall', 4.05, 4.5), W('glows.', 4.55, 5.0),
  W('🎬', 6.0, 6.8), W('🌍', 7.6, 8.4),
];
let dir: string;

/** ffmpeg on one input file: `[...input options, '-i', file, ...output options, output]`. */
async function ff(args: string[], onLine?: (line: string) => void) {
  const i = args.indexOf('-i');
  await runFfmpeg((c) => {
    let cmd = c.input(args[i + 1]).inputOptions(args.slice(0, i)).outputOptions(args.slice(i + 2, -1)).output(args[args.length - 1]);
    if (onLine) cmd = cmd.on('stderr', onLine);
    return cmd;
  });
}

async function makeInputs(d: string) {
  const lavfi = async (src: string, out: string, extra: string[] = []) =>
    runFfmpeg((c) => c.input(src).inputFormat('lavfi').outputOptions([...extra, '-y']).output(path.join(d, out)));
  await lavfi('testsrc2=size=1280x720:rate=30:duration=8', 'wide.mp4', ['-c:v', 'libx264', '-pix_fmt', 'yuv420p']);
  // Shorter than its slot and at another frame rate: its last frame must be held.
  await lavfi('smptebars=size=640x480:rate=25:duration=2', 'bars.mp4', ['-c:v', 'libx264', '-pix_fmt', 'yuv420p']);
  await lavfi('mandelbrot=size=800x800', 'still.png', ['-frames:v', '1']);
  await lavfi('sine=frequency=150:sample_rate=44100:duration=20,volume=0.5', 'music.wav');
  const on = SPEECH.map(([a, b]) => `between(t,${a},${b})`).join('+');
  await lavfi(`sine=frequency=2000:sample_rate=22050:duration=9,volume='${on}':eval=frame`, 'voice.wav');
  await lavfi('anoisesrc=color=pink:amplitude=0.3:duration=30', 'noise.wav');
  await new LocalSpeechEngine().synthesize({ text: 'Neon rain over the night market. Every stall glows while the city sleeps.' } as never, path.join(d, 'speech.wav'));
  await fs.writeFile(path.join(d, 'broken.mp3'), 'this is not audio');
}

function timeline(d: string, overrides: Partial<ComposeInput> = {}): ComposeInput {
  return {
    preset: vertical,
    duration: 9,
    shots: [
      { file: path.join(d, 'wide.mp4'), kind: 'video', trimIn: 1, duration: 3.2, transition: 'cut', fit: 'crop' },
      { file: path.join(d, 'bars.mp4'), kind: 'video', trimIn: 0, duration: 3.2, transition: 'fade', fit: 'pad_blur' },
      { file: path.join(d, 'still.png'), kind: 'image', trimIn: 0, duration: 3.4, transition: 'slide', fit: 'crop' },
    ],
    narration: { file: path.join(d, 'voice.wav'), gainDb: 0 },
    music: { file: path.join(d, 'music.wav'), gainDb: -3 },
    captions: { style: 'word_highlight', position: 'bottom', size: 0.045, highlightColor: '#FFD400', words: WORDS },
    ...overrides,
  };
}

/** One decoded frame (by index) as 8-bit grey, optionally cropped to a band of rows first. */
async function frame(file: string, index: number, band?: { top: number; bottom: number }): Promise<Buffer> {
  const out = path.join(dir, `frame-${Math.random().toString(36).slice(2)}.gray`);
  const crop = band ? `crop=iw:ih*${band.bottom - band.top}:0:ih*${band.top},` : '';
  await ff(['-i', file, '-vf', `select=eq(n\\,${index}),${crop}scale=216:-2,format=gray`, '-frames:v', '1', '-f', 'rawvideo', '-y', out]);
  const data = await fs.readFile(out);
  await fs.rm(out);
  return data;
}

const meanDiff = (a: Buffer, b: Buffer) => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]), 0) / a.length;
/** Share of pixels that changed by more than 40 levels: text, not encoder noise. */
const changed = (a: Buffer, b: Buffer) => a.reduce((n, v, i) => n + (Math.abs(v - b[i]) > 40 ? 1 : 0), 0) / a.length;

async function loudness(file: string): Promise<{ lufs: number; peak: number }> {
  const lines: string[] = [];
  await ff(['-i', file, '-af', 'ebur128=peak=true', '-f', 'null', '-'], (l) => lines.push(l));
  const text = lines.join('\n').slice(lines.join('\n').lastIndexOf('Summary:'));
  return { lufs: Number(/I:\s+(-?[\d.]+) LUFS/.exec(text)?.[1]), peak: Number(/Peak:\s+(-?[\d.]+) dBFS/.exec(text)?.[1]) };
}

/** Mean level (dB) of the music band (< 500 Hz, the 2 kHz voice filtered out) between two times. */
async function musicLevel(file: string, from: number, to: number): Promise<number> {
  const lines: string[] = [];
  await ff(['-ss', String(from), '-t', String(to - from), '-i', file, '-af', 'lowpass=f=400,lowpass=f=400,lowpass=f=400,volumedetect', '-f', 'null', '-'], (l) => lines.push(l));
  return Number(/mean_volume:\s+(-?[\d.]+) dB/.exec(lines.join('\n'))?.[1]);
}

/** Decoded lengths: audio samples at 48 kHz and video frames, counted, not read from headers. */
async function streamDurations(file: string) {
  const info = await probe(file);
  const pcm = path.join(dir, `${path.basename(file)}.pcm`);
  const grey = path.join(dir, `${path.basename(file)}.grey`);
  await ff(['-i', file, '-map', '0:a', '-ar', '48000', '-ac', '1', '-f', 's16le', '-y', pcm]);
  await ff(['-i', file, '-map', '0:v', '-vf', 'scale=4:4,format=gray', '-f', 'rawvideo', '-y', grey]);
  const audioSeconds = (await fs.stat(pcm)).size / 2 / 48000;
  const videoSeconds = (await fs.stat(grey)).size / 16 / FPS;
  await Promise.all([fs.rm(pcm), fs.rm(grey)]);
  return { info, audioSeconds, videoSeconds };
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cinemood-compose-'));
  selectFfmpegBuild('npm');
  await makeInputs(dir);
}, 120_000);
afterAll(async () => {
  selectFfmpegBuild('npm');
  await fs.rm(dir, { recursive: true, force: true });
});

describe.each(builds)('composition on the %s ffmpeg build', (build) => {
  let full: string;
  let bare: string;

  beforeAll(async () => {
    selectFfmpegBuild(build);
    full = path.join(dir, `${build}-full.mp4`);
    bare = path.join(dir, `${build}-bare.mp4`);
    const progress: number[] = [];
    const result = await composeProduction(timeline(dir), full, { onProgress: (f) => progress.push(f), workDir: dir });
    expect(result).toMatchObject({ width: 1080, height: 1920, fps: 30, durationSeconds: 9 });
    expect(progress.at(-1)).toBe(1);
    // The same pictures without captions or sound: the reference for caption pixels.
    await composeProduction(timeline(dir, { narration: null, music: null, captions: null }), bare);
  }, 240_000);

  it('writes H.264 at the preset size and fps, AAC 48 kHz stereo, both exactly 9 s', async () => {
    for (const file of [full, bare]) {
      const { info, audioSeconds, videoSeconds } = await streamDurations(file);
      expect(info).toMatchObject({ videoCodec: 'h264', audioCodec: 'aac', width: 1080, height: 1920, fps: 30, sampleRate: 48000, channels: 2 });
      expect(Math.abs((info.durationSeconds as number) - 9)).toBeLessThanOrEqual(1 / FPS);
      expect(videoSeconds).toBe(9);
      expect(Math.abs(audioSeconds - 9), `audio lasts ${audioSeconds} s`).toBeLessThanOrEqual(1 / FPS);
    }
    expect(await fs.readdir(dir)).not.toContain(`${build}-full.mp4.captions.ass`);
  });

  it('is at -14 LUFS ±1 with true peaks at or under -1 dBTP', async () => {
    const { lufs, peak } = await loudness(full);
    expect(Math.abs(lufs + 14)).toBeLessThanOrEqual(1);
    expect(peak).toBeLessThanOrEqual(-1);
  });

  it('ducks the music by at least 8 dB while the narration speaks', async () => {
    const under = [await musicLevel(full, 1.0, 2.4), await musicLevel(full, 4.0, 4.9)];
    const clear = [await musicLevel(full, 3.0, 3.45), await musicLevel(full, 5.5, 5.95)];
    for (const u of under) for (const c of clear) expect(c - u).toBeGreaterThanOrEqual(8);
  });

  it('shows a blend at each shot boundary, not a cut', async () => {
    // Shot 2 fades in over frames 84–95 and shot 3 slides in over 168–179.
    for (const [before, mid, after] of [[83, 90, 96], [167, 174, 180]]) {
      const [a, m, b] = [await frame(full, before), await frame(full, mid), await frame(full, after)];
      const apart = meanDiff(a, b);
      expect(apart).toBeGreaterThan(10);
      expect(meanDiff(m, a)).toBeGreaterThan(apart / 4);
      expect(meanDiff(m, b)).toBeGreaterThan(apart / 4);
    }
  });

  it('burns captions into the safe zone while words are spoken, and nothing in the silent gaps', async () => {
    const safe = { top: vertical.safe.top, bottom: 1 - vertical.safe.bottom };
    const speaking = [36, 120]; // "rain", "stall"
    const silent = [90, 165]; // after "market." and "glows." (including their hold)
    for (const n of speaking) expect(changed(await frame(full, n, safe), await frame(bare, n, safe))).toBeGreaterThan(0.005);
    for (const n of silent) expect(changed(await frame(full, n, safe), await frame(bare, n, safe))).toBeLessThan(0.001);
    for (const n of [...speaking, ...silent]) {
      for (const band of [{ top: 0, bottom: vertical.safe.top }, { top: 1 - vertical.safe.bottom, bottom: 1 }]) {
        expect(changed(await frame(full, n, band), await frame(bare, n, band))).toBeLessThan(0.001);
      }
    }
  });

  it('draws emoji as glyphs: two different emoji leave different pixels (tofu boxes would match)', async () => {
    // Both are shown alone over the still, so only the caption differs between the frames.
    const band = { top: 0.55, bottom: 0.8 };
    const [film, globe, none] = [await frame(full, 192, band), await frame(full, 240, band), await frame(bare, 240, band)];
    expect(changed(film, none)).toBeGreaterThan(0.002);
    expect(changed(globe, none)).toBeGreaterThan(0.002);
    expect(changed(film, globe)).toBeGreaterThan(0.002);
  });

  it('composes speech over noise music at -14 LUFS on any preset, and fails with ffmpeg reason in one line', async () => {
    selectFfmpegBuild(build);
    const small: OutputPreset = { id: 'test', label: 'test', width: 480, height: 270, fps: 24, safe: { top: 0.05, bottom: 0.1 } };
    const out = path.join(dir, `${build}-speech.mp4`);
    const input = timeline(dir, {
      preset: small,
      duration: 5,
      shots: [
        { file: path.join(dir, 'still.png'), kind: 'image', trimIn: 0, duration: 2.5, transition: 'cut', fit: 'pad_blur' },
        { file: path.join(dir, 'wide.mp4'), kind: 'video', trimIn: 6.5, duration: 2.9, transition: 'fade', fit: 'crop' },
      ],
      narration: { file: path.join(dir, 'speech.wav'), gainDb: 2 },
      music: { file: path.join(dir, 'noise.wav'), gainDb: -10 },
      captions: { style: 'line', position: 'top', size: 0.06, highlightColor: '#00FF00', words: WORDS.slice(0, 5) },
    });
    await composeProduction(input, out);
    const info = await probe(out);
    expect(info).toMatchObject({ width: 480, height: 270, fps: 24, sampleRate: 48000 });
    expect(Math.abs((info.durationSeconds as number) - 5)).toBeLessThanOrEqual(1 / 24);
    const { lufs, peak } = await loudness(out);
    expect(Math.abs(lufs + 14)).toBeLessThanOrEqual(1);
    expect(peak).toBeLessThanOrEqual(-1);

    const broken = composeProduction({ ...input, music: { file: path.join(dir, 'broken.mp3'), gainDb: 0 } }, path.join(dir, `${build}-broken.mp4`));
    const err = await broken.then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(MediaError);
    expect((err as MediaError).message).toMatch(/^the production could not be composed: .*(invalid|error|not)/i);
    expect((err as MediaError).message).not.toContain('\n');
    await expect(composeProduction({ ...input, duration: 7 }, out)).rejects.toThrow(/the shots last 5\.000 s/);
  }, 120_000);
});
