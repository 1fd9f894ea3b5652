import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PocketsphinxAligner, bundledModelDir } from '@/lib/audio/local/aligner';
import { LocalMusicEngine } from '@/lib/audio/local/music';
import { LocalSpeechEngine } from '@/lib/audio/local/speech';
import { resetConfigForTests } from '@/lib/config';
import { probe, runFfmpeg } from '@/lib/media/ffmpeg';
import { classifyMood } from '@/lib/strategy';

// The local audio engines, each against a baseline run in the same script:
// 1. Music: 30 s per mood category, against a bare ffmpeg render of one 30 s sine (the floor of
//    any ffmpeg-rendered audio) — render time, real-time factor, ratio to the floor.
// 2. Speech: espeak-ng (WebAssembly) per sentence, against the floor of an empty utterance.
// 3. Aligner: SoundSwallower with the known script as lib/audio/local/aligner.ts runs it, against
//    the same package used as its README shows (set_align_text, default settings) on the same
//    audio — time, and words recognised in order (the aligner's accuracy on espeak speech).
// Usage: npm run bench:audio

const SENTENCES = [
  'The quiet harbour wakes as fishing boats drift past the old stone lighthouse.',
  'A lone cyclist crosses the rain soaked bridge while the city lights flicker on.',
  'Golden light spills across the marble floor of the empty gallery at dusk.',
];
const time = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const out = await fn();
  return [out, (performance.now() - t0) / 1000];
};
const f = (n: number, d = 2) => n.toFixed(d);

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cinemood-bench-audio-'));
process.env.DATA_DIR = dir;
resetConfigForTests();

console.log('music: 30 s per category (wav)');
const [, floor] = await time(() =>
  runFfmpeg((c) => c.input('sine=frequency=220:duration=30:sample_rate=44100').inputFormat('lavfi').outputOptions(['-ac', '2', '-y']).output(path.join(dir, 'floor.wav'))),
);
console.log(`  baseline (one sine, bare ffmpeg): ${f(floor)} s`);
const music = new LocalMusicEngine();
for (const mood of [10, 35, 62, 90]) {
  const category = classifyMood(mood);
  const out = path.join(dir, `${category}.wav`);
  const [result, seconds] = await time(() => music.compose({ prompt: 'bench', durationSeconds: 30, mood, moodCategory: category, seed: 'bench' }, out));
  console.log(`  ${category.padEnd(15)} ${f(seconds)} s  real-time factor ${f(seconds / 30, 3)}  ×${f(seconds / floor, 1)} the floor  (${result.details?.bpm ?? '?'} bpm)`);
}

console.log('speech: espeak-ng WebAssembly, one sentence a call');
const speech = new LocalSpeechEngine();
// The first call compiles the 18 MB module once per process; that is start-up, not per-call cost.
const [, compile] = await time(() => speech.synthesize({ text: 'warm up' }, path.join(dir, 'warm')));
console.log(`  first call (compiles the WebAssembly): ${f(compile)} s`);
const [, speechFloor] = await time(() => speech.synthesize({ text: 'a' }, path.join(dir, 'floor-speech')));
console.log(`  baseline (one-letter utterance): ${f(speechFloor)} s`);
const clips: string[] = [];
for (const [i, text] of SENTENCES.entries()) {
  const out = path.join(dir, `s${i}`);
  const [, seconds] = await time(() => speech.synthesize({ text }, out));
  const audio = (await probe(out)).durationSeconds ?? 0;
  clips.push(out);
  console.log(`  sentence ${i + 1}: ${f(seconds)} s for ${f(audio)} s of speech (real-time factor ${f(seconds / audio, 3)})`);
}

console.log('aligner: SoundSwallower with the known script, as the aligner runs it vs stock settings');
const aligner = new PocketsphinxAligner();
const model = bundledModelDir();
if (!aligner.available() || !model) {
  console.log('  the soundswallower package is not installed (npm install); skipped');
} else {
  const { default: createModule } = await import('soundswallower');
  const soundswallower = await createModule({ print: () => {}, printErr: () => {} });
  let recognised = 0;
  let words = 0;
  let stockHits = 0;
  let alignSeconds = 0;
  let stockSeconds = 0;
  for (const [i, clip] of clips.entries()) {
    const [{ stats }, seconds] = await time(() => aligner.align({ file: clip, expectedText: SENTENCES[i] }));
    alignSeconds += seconds;
    recognised += stats.recognised;
    words += stats.words;
    const raw = path.join(dir, `s${i}.8k.f32`);
    await runFfmpeg((c) => c.input(clip).outputOptions(['-ar', '8000', '-ac', '1', '-c:a', 'pcm_f32le', '-f', 'f32le', '-y']).output(raw));
    const bytes = await fs.readFile(raw);
    const pcm = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const expected = SENTENCES[i].toLowerCase().replace(/[^a-z' ]/g, ' ').split(/\s+/).filter(Boolean);
    const [heard, stock] = await time(async () => {
      const decoder = new soundswallower.Decoder({ hmm: model, samprate: 8000 });
      await decoder.initialize();
      try {
        decoder.set_align_text(expected.join(' '));
        decoder.start();
        decoder.process_audio(pcm, false, true);
        decoder.stop();
        return (decoder.get_alignment().w ?? []).map((w) => w.t.replace(/\(\d+\)$/, ''));
      } finally {
        decoder.delete();
      }
    });
    stockSeconds += stock;
    // Expected words found in order in what was aligned.
    let at = 0;
    for (const w of expected) {
      const found = heard.indexOf(w, at);
      if (found >= 0) {
        stockHits++;
        at = found + 1;
      }
    }
  }
  console.log(`  aligner:           ${f(alignSeconds)} s, ${recognised}/${words} words recognised in order (${f((100 * recognised) / words, 1)} %)`);
  console.log(`  stock settings:    ${f(stockSeconds)} s, ${stockHits}/${words} words aligned in order (${f((100 * stockHits) / words, 1)} %)`);
}
await fs.rm(dir, { recursive: true, force: true });
