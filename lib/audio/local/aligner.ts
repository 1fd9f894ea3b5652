import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Decoder, Segment, SoundSwallowerModule } from 'soundswallower';
import {
  AudioEngineError,
  type TranscriptionEngine,
  type TranscriptionRequest,
  type Transcription,
  type TranscriptSegment,
  type TranscriptWord,
} from '@/lib/audio/types';
import { setting } from '@/lib/config';
import { log } from '@/lib/log';
import { MediaError, probe, runFfmpeg } from '@/lib/media/ffmpeg';
import { withWorkDir } from '@/lib/media/workdir';
import { dictionaryPronunciations, espeakToArpabet, loadDictionary, parseExpectedText, type ExpectedWord } from './align-text';
import { espeakPhonemes } from './espeak';

/**
 * Offline forced alignment with SoundSwallower (npm `soundswallower`: CMU pocketsphinx's decoder
 * compiled to WebAssembly, with its own en-us acoustic model and CMU dictionary in the package),
 * run inside this process: no binary, no apt package. It only decodes finite-state grammars (and
 * open-vocabulary recognition of synthetic speech was useless anyway: pocketsphinx with its
 * language model got about 4 % of the words right), but decoding against a grammar that accepts
 * only the expected words, in order, times every word. So this engine needs the script.
 *
 * How it runs:
 * - The input (any audio or video ffmpeg reads) becomes mono 32-bit float PCM at the model's
 *   sample rate (8 kHz for the package's model, which is cmusphinx-en-us-ptm-8khz-5.2).
 * - A faint, deterministic noise floor (−54 dBFS) is added. Digital silence — exact zeros, as
 *   espeak-ng and ffmpeg's generators write between words — throws the model's running cepstral
 *   mean off, and the decode then never reaches the end of the grammar (an empty result on most
 *   espeak sentences, at 8 kHz as at 16 kHz); with the floor every word is found. Real recordings
 *   have a noise floor of their own well above it.
 * - Each expected word gets its own grammar token (w0, w1, …) with its own entry in a small
 *   dictionary written for the run (handed to the decoder as its whole dictionary, so the 3 MB CMU
 *   dictionary is never loaded into the WebAssembly heap), so the output maps back to word
 *   positions even when a word repeats. Pronunciations come from the CMU dictionary shipped with
 *   the model; a word it lacks (names, numbers, "ChatGPT") is pronounced by espeak-ng (`-x`) and its
 *   phonemes mapped to the CMU phone set; if even that yields nothing, the word is read as generic
 *   speech (+SPN+). Generating the pronunciation was chosen over dropping the word: a dropped word
 *   leaves audio the grammar cannot account for, which drags its neighbours' times or makes the
 *   whole decode fail.
 * - The whole file is one utterance decoded against the whole script, so times are absolute.
 *   Pauses between sentences become silence; the search inserts it between any two words (at a
 *   silence probability of 0.1 rather than the default 0.005, which times words after a pause
 *   closer to where they start).
 * - Beams are much wider than the defaults, which prune the right path away on synthetic voices
 *   (an empty result); the grammar is a straight line, so wide beams stay cheap (~0.03 × real time).
 * - Audio goes to the decoder a second at a time, yielding to the event loop in between, so a
 *   long file neither blocks the worker nor ignores a cancellation for long.
 * - Strict pass first: the exact word sequence. If the audio does not fit it (a word said very
 *   differently, the audio cut short), a lenient pass lets every word be matched by generic
 *   speech instead and lets the script stop after any sentence. Words matched as generic speech
 *   still get the decoder's time; words after the point where the decode stopped are spread
 *   over the rest of the audio. Only words matched as themselves count as recognised.
 *
 * The WebAssembly module is loaded on first use, at run time, from node_modules (never bundled:
 * the import is hidden from the bundler, as for espeak-ng), once per process; each alignment
 * gets its own decoder, freed when it ends.
 */

export interface PocketsphinxOptions {
  /**
   * A SoundSwallower model directory: mdef, means, variances, sendump (or mixture_weights),
   * transition_matrices, feat_params.json, noisedict.txt and the pronunciation dictionary dict.txt.
   * Default: env POCKETSPHINX_MODEL_DIR, else the en-us model inside the soundswallower package.
   */
  modelDir?: string;
}

const require = createRequire(import.meta.url);

/** The soundswallower package's directory, or null when it is not installed. */
function packageDir(): string | null {
  try {
    // Resolved at run time, not by a literal path, which bundlers would try to pack.
    return path.dirname(require.resolve(/* turbopackIgnore: true */ 'soundswallower'));
  } catch {
    return null;
  }
}

/** The en-us model shipped in the soundswallower package, or null when the package is missing. */
export function bundledModelDir(): string | null {
  const dir = packageDir();
  return dir ? path.join(dir, 'model', 'en-us') : null;
}

const MODEL_FILES = ['mdef', 'means', 'variances', 'transition_matrices', 'feat_params.json', 'noisedict.txt', 'dict.txt'];
const MAX_SCRIPT_LENGTH = 100_000;
const DECODER_CONFIG = { beam: 1e-100, pbeam: 1e-100, wbeam: 1e-80, maxhmmpf: -1, silprob: 0.1 };
// Peak amplitude of the noise floor, full scale = 1 (−54 dBFS).
const NOISE_FLOOR = 0.002;
const CHUNK_SECONDS = 1;
// Lenient pass: the expected word is this many times likelier than generic speech in its place.
const WORD_WEIGHT = 20;

// The decoder's own messages (errors and warnings only), the latest few, for failure reports.
const decoderMessages: string[] = [];
const remember = (line: string) => {
  if (!line.trim()) return;
  decoderMessages.push(line.trim());
  if (decoderMessages.length > 20) decoderMessages.shift();
};

let loaded: Promise<SoundSwallowerModule> | undefined;

function soundswallower(): Promise<SoundSwallowerModule> {
  loaded ??= (async () => {
    const { default: createModule } = await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ 'soundswallower');
    // Emscripten's Node glue adds an uncaughtException listener that rethrows. How this process
    // handles errors is not the aligner's business, so that listener (added synchronously) is removed.
    const before = new Set(process.listeners('uncaughtException'));
    const ready = createModule({ print: remember, printErr: remember });
    for (const listener of process.listeners('uncaughtException')) if (!before.has(listener)) process.off('uncaughtException', listener);
    return ready;
  })();
  loaded.catch(() => {
    loaded = undefined;
  });
  return loaded;
}

function isEnglish(language: string | undefined): boolean {
  if (!language) return true;
  const l = language.trim().toLowerCase();
  return l === '' || l === 'english' || /^en([-_].*)?$/.test(l);
}

export interface AlignmentStats {
  /** strict: the exact script fitted the audio; lenient: some words were matched as generic speech. */
  mode: 'strict' | 'lenient';
  words: number;
  /** Words the decoder matched as themselves, in script order. */
  recognised: number;
  /** Words whose time comes from a generic-speech match (lenient pass). */
  genericSpeech: number;
  /** Words with no decoder time at all, spread between their neighbours. */
  interpolated: number;
  outOfDictionary: number;
  pronouncedByEspeak: number;
  audioSeconds: number;
  ms: number;
}

interface Decoded {
  index: number;
  recognised: boolean;
  start: number;
  end: number;
}

const round = (s: number) => Math.round(s * 1000) / 1000;

/** Our tokens in the decoder's alignment (start `b` and duration `d` in seconds); silence, fillers and <s> are skipped. */
export function wordTimes(alignment: Segment): Decoded[] {
  const out: Decoded[] = [];
  for (const segment of alignment.w ?? []) {
    const token = /^([wg])(\d+)(?:\(\d+\))?$/.exec(segment.t);
    if (!token) continue;
    out.push({ index: Number(token[2]), recognised: token[1] === 'w', start: round(segment.b), end: round(segment.b + segment.d) });
  }
  return out;
}

/**
 * JSGF for the script, one rule per sentence. Strict: exactly the words, in order. Lenient: each
 * word may be matched by generic speech instead, and the script may stop after any sentence (the
 * audio may be cut short), so the decoder can nearly always reach the end of the grammar.
 */
export function grammar(words: ExpectedWord[], sentences: number, lenient: boolean): string {
  const rules: string[][] = Array.from({ length: sentences }, () => []);
  for (const [i, w] of words.entries()) rules[w.sentence].push(lenient ? `( /${WORD_WEIGHT}/ w${i} | /1/ g${i} )` : `w${i}`);
  const used = rules.map((r, i) => (r.length ? i : -1)).filter((i) => i >= 0);
  const body = lenient
    ? `<s${used[0]}>${used.slice(1).map((i) => ` [ <s${i}>`).join('')}${' ]'.repeat(used.length - 1)}`
    : used.map((i) => `<s${i}>`).join(' ');
  return ['#JSGF V1.0;', 'grammar align;', ...used.map((i) => `<s${i}> = ${rules[i].join(' ')};`), `public <script> = ${body};`, ''].join('\n');
}

type Span = { start: number; end: number };

/** Every word's time: the decoder's, else filled between the neighbours that have one, by word length. */
function interpolate(words: ExpectedWord[], times: (Span | null)[], duration: number): { spans: Span[]; filled: number } {
  const spans: Span[] = [];
  let i = 0;
  while (i < times.length) {
    const known = times[i];
    if (known) {
      spans.push(known);
      i++;
      continue;
    }
    let j = i;
    while (j < times.length && !times[j]) j++;
    const from = spans[i - 1]?.end ?? 0;
    const to = times[j]?.start ?? duration;
    const weights = words.slice(i, j).map((w) => Math.max(1, w.word.length));
    const total = weights.reduce((a, b) => a + b, 0);
    let at = from;
    for (let k = i; k < j; k++) {
      const span = (Math.max(0, to - from) * weights[k - i]) / total;
      spans.push({ start: at, end: at + span });
      at += span;
    }
    i = j;
  }
  return { spans, filled: times.filter((t) => !t).length };
}

/** The sample rate a model was trained at: feat_params.json's, else 8 kHz when its filters stop below 4 kHz, else 16 kHz. */
async function modelSampleRate(modelDir: string): Promise<number> {
  const params = JSON.parse(await fsp.readFile(path.join(modelDir, 'feat_params.json'), 'utf8')) as { samprate?: number; upperf?: number };
  if (typeof params.samprate === 'number' && params.samprate > 0) return params.samprate;
  return (params.upperf ?? 8000) < 4000 ? 8000 : 16000;
}

/**
 * Feeds a raw float32 file to the decoder a chunk at a time, with the noise floor added (the same
 * noise on every pass), yielding to the event loop between chunks.
 */
async function feed(decoder: Decoder, file: string, sampleRate: number, checkpoint: () => void): Promise<void> {
  const handle = await fsp.open(file, 'r');
  try {
    let seed = 0x2545f491;
    const samples = Math.round(CHUNK_SECONDS * sampleRate);
    let position = 0;
    for (;;) {
      const chunk = new Float32Array(samples);
      const { bytesRead } = await handle.read(new Uint8Array(chunk.buffer), 0, chunk.byteLength, position);
      const n = Math.floor(bytesRead / 4);
      if (n === 0) return;
      position += bytesRead;
      for (let i = 0; i < n; i++) {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        chunk[i] += NOISE_FLOOR * ((seed / 0x100000000) * 2 - 1);
      }
      decoder.process_audio(chunk.subarray(0, n), false, false);
      await new Promise((resolve) => setImmediate(resolve));
      checkpoint();
    }
  } finally {
    await handle.close();
  }
}

export class PocketsphinxAligner implements TranscriptionEngine {
  readonly name = 'pocketsphinx';
  readonly local = true;
  readonly requiresExpectedText = true;
  readonly note = 'offline aligner: times a known English script, does not transcribe free speech';

  constructor(private readonly options: PocketsphinxOptions = {}) {}

  /** The model directory in use, or null when none is configured and the package is missing. */
  modelDir(): string | null {
    return this.options.modelDir ?? setting('POCKETSPHINX_MODEL_DIR') ?? bundledModelDir();
  }

  available(): boolean {
    const model = this.modelDir();
    return packageDir() !== null && model !== null && MODEL_FILES.every((f) => fs.existsSync(path.join(model, f)));
  }

  async transcribe(request: TranscriptionRequest): Promise<Transcription> {
    return (await this.align(request)).transcription;
  }

  /** `transcribe` plus how well the decoder did, for logs and measurements. */
  async align(request: TranscriptionRequest): Promise<{ transcription: Transcription; stats: AlignmentStats }> {
    const { signal } = request;
    const script = request.expectedText?.trim() ?? '';
    if (!script) {
      throw new AudioEngineError('the pocketsphinx aligner only times a known script: pass expectedText (the words spoken in the audio)');
    }
    if (script.length > MAX_SCRIPT_LENGTH) throw new AudioEngineError(`the script is too long to align (at most ${MAX_SCRIPT_LENGTH} characters)`);
    if (!isEnglish(request.language)) {
      throw new AudioEngineError(`the pocketsphinx aligner has only an English model; language "${request.language}" is not supported`);
    }
    const model = this.modelDir();
    if (!model || !this.available()) {
      throw new AudioEngineError(
        packageDir() === null
          ? 'the aligner needs the soundswallower npm package, which is not installed (run npm install)'
          : `no aligner model at ${model ?? '(none)'}: POCKETSPHINX_MODEL_DIR must hold a SoundSwallower model (${MODEL_FILES.join(', ')})`,
      );
    }
    const expected = parseExpectedText(script);
    if (expected.words.length === 0) throw new AudioEngineError('the script has no words to align');
    const canceled = () => {
      if (signal?.aborted) throw new AudioEngineError('the alignment was canceled', 'transient');
    };
    canceled();
    const started = Date.now();

    const input = await probe(request.file).catch((err: unknown) => {
      throw err instanceof MediaError ? new AudioEngineError('the file could not be read as audio or video') : err;
    });
    if (!input.hasAudio) throw new AudioEngineError('the file has no audio track');
    const sampleRate = await modelSampleRate(model).catch((err: unknown) => {
      log.warn('aligner model unreadable', { model, err });
      throw new AudioEngineError(`the aligner model at ${model} has no readable feat_params.json`);
    });

    return withWorkDir(async (dir) => {
      const pcm = path.join(dir, 'audio.f32');
      canceled();
      try {
        await runFfmpeg(
          (c) =>
            c
              .input(request.file)
              .outputOptions(['-vn', '-sn', '-dn', '-ac', '1', '-ar', String(sampleRate), '-c:a', 'pcm_f32le', '-f', 'f32le', '-y'])
              .output(pcm),
          { signal, durationSeconds: input.durationSeconds ?? undefined, failureMessage: 'the audio could not be decoded' },
        );
      } catch (err) {
        canceled();
        throw err instanceof MediaError ? new AudioEngineError(err.message) : err;
      }
      const audioSeconds = (await fsp.stat(pcm)).size / (4 * sampleRate);
      if (audioSeconds < 0.05) throw new AudioEngineError('the audio is empty');
      const duration = input.durationSeconds ?? audioSeconds;
      const limit = Math.min(audioSeconds, duration);
      canceled();

      // Pronunciations: the CMU dictionary, else espeak-ng's, else generic speech.
      const dict = await loadDictionary(path.join(model, 'dict.txt'));
      const found = expected.words.map((w) => dictionaryPronunciations(w.units, dict));
      const missing = found.map((p, i) => (p ? -1 : i)).filter((i) => i >= 0);
      const prons = found.map((p) => p ?? ['+SPN+']);
      let spoken = 0;
      if (missing.length) {
        const phonemes = await espeakPhonemes(missing.map((i) => expected.words[i].word));
        missing.forEach((wi, k) => {
          const arpabet = phonemes[k] ? espeakToArpabet(phonemes[k]) : '';
          if (arpabet) {
            spoken++;
            prons[wi] = [arpabet];
          }
        });
      }
      canceled();
      const dictLines = expected.words.flatMap((_, i) => [
        ...prons[i].map((p, k) => `w${i}${k ? `(${k + 1})` : ''} ${p}`),
        `g${i} +SPN+`,
      ]);
      const dictFile = path.join(dir, 'words.dict');
      await fsp.writeFile(dictFile, `${dictLines.join('\n')}\n`);

      const failed = (err: unknown, what: string, kind: 'transient' | 'permanent') => {
        if (err instanceof AudioEngineError) return err;
        // An aborted WebAssembly instance is unusable; the next alignment starts a fresh one.
        if (err instanceof WebAssembly.RuntimeError) loaded = undefined;
        log.warn(`aligner: ${what}`, { err, model, decoder: decoderMessages.slice(-5).join(' | ') });
        return new AudioEngineError(`the aligner ${what}`, kind);
      };
      let decoder: Decoder;
      try {
        const ss = await soundswallower();
        decoder = new ss.Decoder({ hmm: model, dict: dictFile, samprate: sampleRate, loglevel: 'WARN', ...DECODER_CONFIG });
      } catch (err) {
        throw failed(err, 'could not start its decoder', 'transient');
      }
      try {
        try {
          await decoder.initialize();
        } catch (err) {
          throw failed(err, `could not load its model from ${model}`, 'permanent');
        }
        canceled();
        const deadline = Date.now() + (60 + audioSeconds * 2) * 1000;
        const checkpoint = () => {
          canceled();
          if (Date.now() > deadline) throw new AudioEngineError('the alignment took too long', 'transient');
        };
        const decode = async (lenient: boolean): Promise<Decoded[]> => {
          try {
            decoder.set_grammar(grammar(expected.words, expected.sentences.length, lenient));
            decoder.start();
            await feed(decoder, pcm, sampleRate, checkpoint);
            decoder.stop();
            return wordTimes(decoder.get_alignment());
          } catch (err) {
            throw failed(err, 'failed to align the audio', 'transient');
          }
        };

        let mode: 'strict' | 'lenient' = 'strict';
        let decoded = await decode(false);
        canceled();
        if (!decoded.some((d) => d.recognised)) {
          mode = 'lenient';
          decoded = await decode(true);
          canceled();
        }
        if (decoded.length === 0) {
          throw new AudioEngineError('the audio could not be aligned with the script (is it the right audio, and is it speech?)');
        }

        // Keep decoder times in script order; anything out of order or absent is interpolated.
        const times: (Span | null)[] = expected.words.map(() => null);
        let recognised = 0;
        let last = -1;
        let lastEnd = 0;
        for (const d of decoded) {
          if (d.index <= last || d.index >= times.length) continue;
          const start = Math.min(Math.max(d.start, lastEnd), limit);
          const end = Math.min(Math.max(d.end, start), limit);
          times[d.index] = { start, end };
          if (d.recognised) recognised++;
          last = d.index;
          lastEnd = end;
        }
        const { spans, filled: interpolated } = interpolate(expected.words, times, limit);

        const words: TranscriptWord[] = expected.words.map((w, i) => ({ word: w.word, start: round(spans[i].start), end: round(spans[i].end) }));
        const segments: TranscriptSegment[] = [];
        expected.words.forEach((w, i) => {
          const segment = segments[segments.length - 1];
          if (segment && (expected.words[i - 1]?.sentence ?? -1) === w.sentence) segment.end = words[i].end;
          else segments.push({ start: words[i].start, end: words[i].end, text: expected.sentences[w.sentence] });
        });

        const stats: AlignmentStats = {
          mode,
          words: words.length,
          recognised,
          genericSpeech: expected.words.length - recognised - interpolated,
          interpolated,
          outOfDictionary: missing.length,
          pronouncedByEspeak: spoken,
          audioSeconds: round(audioSeconds),
          ms: Date.now() - started,
        };
        log.info('aligner aligned a script', { ...stats });
        return { transcription: { text: script, language: 'en', duration: round(duration), segments, words }, stats };
      } finally {
        try {
          decoder.delete();
        } catch {
          // an aborted instance cannot free anything; it is dropped as a whole
        }
      }
    });
  }
}
