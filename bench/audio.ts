import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseExpectedText } from '@/lib/audio/local/align-text';
import { PocketsphinxAligner, bundledModelDir } from '@/lib/audio/local/aligner';
import { FLITE_VOICES, FliteSpeechEngine, flitePhones, runFlite, wordSpans } from '@/lib/audio/local/flite';
import { LocalMusicEngine } from '@/lib/audio/local/music';
import { LocalSpeechEngine } from '@/lib/audio/local/speech';
import { resetConfigForTests } from '@/lib/config';
import { probe, runFfmpeg } from '@/lib/media/ffmpeg';
import { classifyMood } from '@/lib/strategy';

// The local audio engines, each against a baseline run in the same script:
// 1. Music: 30 s per mood category, against a bare ffmpeg render of one 30 s sine (the floor of
//    any ffmpeg-rendered audio) — render time, real-time factor, ratio to the floor.
// 2. Speech: espeak-ng (WebAssembly) per sentence, against the floor of an empty utterance; Flite
//    (WASI in a worker thread) per voice and sentence, against the floor of a run that only lists
//    its voices, with the longest event-loop stall seen meanwhile.
// 3. Aligner: SoundSwallower with the known script as lib/audio/local/aligner.ts runs it, against
//    the same package used as its README shows (set_align_text, default settings) on the same
//    audio — time, and words recognised in order (the aligner's accuracy on espeak speech). Then
//    the aligner on each Flite voice: words recognised, and how far its word boundaries are from
//    where flite put the words (flite's own phone timings), the truth espeak cannot give.
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

console.log('speech: espeak-ng WebAssembly (voice en-us), one sentence a call');
const speech = new LocalSpeechEngine();
// The first call compiles the 18 MB module once per process; that is start-up, not per-call cost.
const [, compile] = await time(() => speech.synthesize({ text: 'warm up', voice: 'en-us' }, path.join(dir, 'warm')));
console.log(`  first call (compiles the WebAssembly): ${f(compile)} s`);
const [, speechFloor] = await time(() => speech.synthesize({ text: 'a', voice: 'en-us' }, path.join(dir, 'floor-speech')));
console.log(`  baseline (one-letter utterance): ${f(speechFloor)} s`);
const clips: string[] = [];
for (const [i, text] of SENTENCES.entries()) {
  const out = path.join(dir, `s${i}`);
  const [, seconds] = await time(() => speech.synthesize({ text, voice: 'en-us' }, out));
  const audio = (await probe(out)).durationSeconds ?? 0;
  clips.push(out);
  console.log(`  sentence ${i + 1}: ${f(seconds)} s for ${f(audio)} s of speech (real-time factor ${f(seconds / audio, 3)})`);
}

console.log('speech: Flite WASI in a worker thread, one sentence a call');
const flite = new FliteSpeechEngine();
const [, fliteFirst] = await time(() => flite.synthesize({ text: 'warm up' }, path.join(dir, 'flite-warm.wav')));
console.log(`  first call (compiles the WebAssembly): ${f(fliteFirst)} s`);
const listDir = await fs.mkdtemp(path.join(dir, 'flite-lv-'));
const [, fliteFloor] = await time(() => runFlite(['-lv'], listDir));
console.log(`  baseline (a worker that lists the voices): ${f(fliteFloor, 3)} s`);
let stall = 0;
let tick = performance.now();
const watch = setInterval(() => {
  const now = performance.now();
  stall = Math.max(stall, now - tick - 5);
  tick = now;
}, 5);
const fliteClips: { voice: string; sentence: number; file: string; segments: Awaited<ReturnType<typeof flite.speak>>['segments'] }[] = [];
for (const voice of FLITE_VOICES) {
  const line: string[] = [];
  for (const [i, text] of SENTENCES.entries()) {
    const file = path.join(dir, `${voice.id}-${i}.wav`);
    const [{ segments }, seconds] = await time(() => flite.speak({ text, voice: voice.id }, file, { segments: true }));
    const audio = (await probe(file)).durationSeconds ?? 0;
    fliteClips.push({ voice: voice.id, sentence: i, file, segments });
    line.push(`${f(seconds)} s / ${f(audio)} s`);
  }
  console.log(`  ${voice.id.padEnd(10)} per sentence (synthesis / speech): ${line.join(', ')}`);
}
clearInterval(watch);
console.log(`  longest event-loop stall meanwhile: ${f(stall, 0)} ms (a run on the main thread would stall for all of it)`);

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

  console.log('aligner on Flite speech: words recognised, boundary error against flite\'s own word times');
  for (const voice of FLITE_VOICES) {
    let found = 0;
    let total = 0;
    const errors: number[] = [];
    let seconds = 0;
    for (const clip of fliteClips.filter((c) => c.voice === voice.id)) {
      const script = SENTENCES[clip.sentence];
      const [{ transcription, stats }, s] = await time(() => aligner.align({ file: clip.file, expectedText: script }));
      seconds += s;
      found += stats.recognised;
      total += stats.words;
      const phones = await flitePhones(parseExpectedText(script).words.map((w) => w.word), voice.id);
      const truth = phones && clip.segments && wordSpans(phones, clip.segments);
      if (truth) for (const [i, w] of transcription.words.entries()) errors.push(Math.abs(w.start - truth[i].start), Math.abs(w.end - truth[i].end));
    }
    const mean = errors.reduce((a, b) => a + b, 0) / Math.max(1, errors.length);
    const close = errors.filter((e) => e <= 0.1).length;
    console.log(
      `  ${voice.id.padEnd(10)} ${f(seconds)} s, ${found}/${total} recognised in order (${f((100 * found) / total, 1)} %), ` +
        `boundaries: mean error ${f(mean * 1000, 0)} ms, worst ${f(Math.max(0, ...errors) * 1000, 0)} ms, ${f((100 * close) / Math.max(1, errors.length), 1)} % within 100 ms`,
    );
  }
}
await fs.rm(dir, { recursive: true, force: true });
