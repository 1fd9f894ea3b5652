import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LocalSpeechEngine } from '@/lib/audio/local/speech';
import { ffmpegInfo, probe } from '@/lib/media/ffmpeg';
import { fontconfigFile } from '@/lib/media/fonts';
import { captionsAss } from '@/lib/productions/captions';
import { type ComposeInput, composeProduction } from '@/lib/productions/compose';
import { OUTPUT_PRESETS } from '@/lib/productions/timeline';

// The composition pass of a 3-shot 15 s 1080×1920 production (narration, music, word captions):
//   compose   composeProduction in this process (probes, loudness pass, the render),
//   bare      the same final ffmpeg arguments replayed with no Node in between,
//   presets   the bare command with other x264 presets, to see what the encoder costs.
// Goals (issue 14): compose / bare ≤ 1.2, compose ≤ 0.6 × the output's duration on 2 cores.
// Usage: node --import tsx bench/production-compose.ts [runs]   (FFMPEG_BUILD=system for Debian's)

const RUNS = Number(process.argv[2] ?? 3);
const DURATION = 15;
const SCRIPT = 'Neon rain falls on the night market. Every stall glows in the dark, and the city hums along. Stay for the last light. 🎬';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function ffmpeg(args: string[]): number {
  const started = performance.now();
  const run = spawnSync(ffmpegInfo().ffmpeg.path, ['-hide_banner', '-nostats', '-loglevel', 'error', ...args], { env: { ...process.env, FONTCONFIG_FILE: fontconfigFile() }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`ffmpeg failed: ${run.stderr.split('\n').filter(Boolean).at(-1)}`);
  return (performance.now() - started) / 1000;
}

async function inputs(dir: string): Promise<ComposeInput> {
  const f = (name: string) => path.join(dir, name);
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30:duration=8', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-y', f('wide.mp4')]);
  ffmpeg(['-f', 'lavfi', '-i', 'smptehdbars=size=720x1280:rate=25:duration=8', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-y', f('tall.mp4')]);
  ffmpeg(['-f', 'lavfi', '-i', 'mandelbrot=size=1200x900', '-frames:v', '1', '-y', f('still.png')]);
  ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=110:duration=20', '-f', 'lavfi', '-i', 'anoisesrc=color=pink:amplitude=0.2:duration=20', '-filter_complex', 'amix=inputs=2', '-y', f('music.wav')]);
  await new LocalSpeechEngine().synthesize({ text: SCRIPT } as never, f('voice.wav'));
  // Word times spread over the speech: the aligner's job, not what this bench measures.
  const speech = (await probe(f('voice.wav'))).durationSeconds ?? 10;
  const words = SCRIPT.split(' ');
  const step = speech / words.length;
  return {
    preset: OUTPUT_PRESETS.vertical_1080,
    duration: DURATION,
    shots: [
      { file: f('wide.mp4'), kind: 'video', trimIn: 1, duration: 5.4, transition: 'cut', fit: 'crop' },
      { file: f('tall.mp4'), kind: 'video', trimIn: 0, duration: 5.4, transition: 'fade', fit: 'pad_blur' },
      { file: f('still.png'), kind: 'image', trimIn: 0, duration: 5, transition: 'slide', fit: 'crop' },
    ],
    narration: { file: f('voice.wav'), gainDb: 0 },
    music: { file: f('music.wav'), gainDb: -8 },
    captions: { style: 'word_highlight', position: 'bottom', size: 0.045, highlightColor: '#FFD400', words: words.map((word, i) => ({ word, start: 0.3 + i * step, end: 0.3 + (i + 0.85) * step })) },
  };
}

function loudness(file: string): string {
  const run = spawnSync(ffmpegInfo().ffmpeg.path, ['-hide_banner', '-nostats', '-i', file, '-af', 'ebur128=peak=true', '-f', 'null', '-'], { encoding: 'utf8' });
  const summary = run.stderr.slice(run.stderr.lastIndexOf('Summary:'));
  return `${/I:\s+(\S+) LUFS/.exec(summary)?.[1]} LUFS, true peak ${/Peak:\s+(\S+) dBFS/.exec(summary)?.[1]} dBTP`;
}

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cinemood-bench-compose-'));
try {
  const input = await inputs(dir);
  const out = path.join(dir, 'out.mp4');
  const compose: number[] = [];
  let args: string[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    args = (await composeProduction(input, out, { workDir: dir })).ffmpegArgs;
    compose.push((performance.now() - started) / 1000);
  }
  const level = loudness(out);
  // The caption file is removed after each compose; the bare replay needs it back at its path.
  const assFile = path.join(dir, 'out.mp4.captions.ass');
  await fs.writeFile(assFile, captionsAss(input.captions ?? { style: 'none', position: 'bottom', size: 0.045, highlightColor: '#FFFFFF', words: [] }, input.preset) ?? '');
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) bare.push(ffmpeg(args));
  const preset = (name: string) => {
    const a = [...args];
    a[a.indexOf('-preset') + 1] = name;
    return median(Array.from({ length: RUNS }, () => ffmpeg(a)));
  };
  const rows: [string, number][] = [
    ['compose (veryfast)', median(compose)],
    ['bare ffmpeg (veryfast)', median(bare)],
    ['bare ffmpeg (superfast)', preset('superfast')],
    ['bare ffmpeg (ultrafast)', preset('ultrafast')],
    ['bare ffmpeg (faster)', preset('faster')],
  ];
  console.log(`ffmpeg ${ffmpegInfo().version} (${ffmpegInfo().ffmpeg.source}), ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(2)}, median of ${RUNS}`);
  console.log(`output: 1080×1920, 30 fps, ${DURATION} s; ${level}`);
  console.log('| pass | seconds | × output duration (goal ≤ 0.6) |');
  console.log('|---|---|---|');
  for (const [name, s] of rows) console.log(`| ${name} | ${s.toFixed(2)} | ${(s / DURATION).toFixed(2)} |`);
  console.log(`compose / bare: ${(median(compose) / median(bare)).toFixed(2)} (goal ≤ 1.2)`);
} finally {
  await fs.rm(dir, { recursive: true, force: true });
}
