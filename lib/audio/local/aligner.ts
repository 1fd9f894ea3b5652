import { execFile } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import {
  AudioEngineError,
  type TranscriptionEngine,
  type TranscriptionRequest,
  type Transcription,
  type TranscriptSegment,
  type TranscriptWord,
} from '@/lib/audio/types';
import { log } from '@/lib/log';
import { MediaError, probe, runFfmpeg } from '@/lib/media/ffmpeg';
import { withWorkDir } from '@/lib/media/workdir';
import { dictionaryPronunciations, espeakToArpabet, loadDictionary, parseExpectedText, type ExpectedWord } from './align-text';
import { espeakPhonemes } from './espeak';

/**
 * Offline forced alignment with CMU pocketsphinx (`pocketsphinx_continuous` from Debian's
 * pocketsphinx package and its en-us model). Open-vocabulary recognition of synthetic speech is
 * useless with this model (about 4 % of words right), but decoding against a grammar that accepts
 * only the expected words, in order, times every word. So this engine needs the script.
 *
 * How it runs:
 * - The input (any audio or video ffmpeg reads) becomes 16 kHz mono 16-bit PCM.
 * - Each expected word gets its own grammar token (w0, w1, …) with its own entry in a small
 *   dictionary written for the run, so the output maps back to word positions even when a word
 *   repeats. Pronunciations come from the CMU dictionary; a word it lacks (names, numbers,
 *   "ChatGPT") is pronounced by espeak-ng (`-x`) and its phonemes mapped to the CMU phone set;
 *   if even that yields nothing, the word is read as generic speech (+SPN+). Generating the
 *   pronunciation was chosen over dropping the word: a dropped word leaves audio the grammar
 *   cannot account for, which drags its neighbours' times or makes the whole decode fail.
 * - Silence detection is off (`-remove_silence no`), so the whole file is one utterance decoded
 *   against the whole script, and times are absolute. (With it on, the program cuts the file at
 *   pauses and decodes each piece against the full grammar, which no piece matches.) Pauses
 *   between sentences become silence; the search inserts it between any two words.
 * - Beams are much wider than the defaults, which prune the right path away on synthetic voices;
 *   the grammar is a straight line, so wide beams stay cheap (~0.03 × real time).
 * - Strict pass first: the exact word sequence. If the audio does not fit it (a word said very
 *   differently, the audio cut short), a lenient pass lets every word be matched by generic
 *   speech instead and lets the script stop after any sentence. Words matched as generic speech
 *   still get the decoder's time; words after the point where the decode stopped are spread
 *   over the rest of the audio. Only words matched as themselves count as recognised.
 */

export interface PocketsphinxOptions {
  /** Default: env POCKETSPHINX_BIN, else `pocketsphinx_continuous` on PATH. */
  bin?: string;
  /** Holds `en-us/` (acoustic model) and `cmudict-en-us.dict`. Default: env POCKETSPHINX_MODEL_DIR, else Debian's path. */
  modelDir?: string;
}

export const DEFAULT_MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';
const BINARY_NAME = 'pocketsphinx_continuous';
const SAMPLE_RATE = 16000;
const FRAME = 0.01;
const MAX_SCRIPT_LENGTH = 100_000;
const BEAMS = ['-beam', '1e-100', '-pbeam', '1e-100', '-wbeam', '1e-80'];
// Lenient pass: the expected word is this many times likelier than generic speech in its place.
const WORD_WEIGHT = 20;

function executable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function findBinary(name: string): string | null {
  if (name.includes('/')) return executable(name) ? name : null;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && executable(path.join(dir, name))) return path.join(dir, name);
  }
  return null;
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

/** `word start end confidence` lines from `-time yes`; tokens other than ours (silence, fillers, <s>) are skipped. */
export function parseTimes(stdout: string): Decoded[] {
  const out: Decoded[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^(\S+)\s+(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)\s+\S+\s*$/.exec(line.trim());
    if (!m) continue;
    const token = /^([wg])(\d+)(?:\(\d+\))?$/.exec(m[1]);
    if (!token) continue;
    out.push({ index: Number(token[2]), recognised: token[1] === 'w', start: Number(m[2]), end: Number(m[3]) + FRAME });
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
  words.forEach((w, i) => rules[w.sentence].push(lenient ? `( /${WORD_WEIGHT}/ w${i} | /1/ g${i} )` : `w${i}`));
  const used = rules.map((r, i) => (r.length ? i : -1)).filter((i) => i >= 0);
  const body = lenient
    ? `<s${used[0]}>${used.slice(1).map((i) => ` [ <s${i}>`).join('')}${' ]'.repeat(used.length - 1)}`
    : used.map((i) => `<s${i}>`).join(' ');
  return ['#JSGF V1.0;', 'grammar align;', ...used.map((i) => `<s${i}> = ${rules[i].join(' ')};`), `public <script> = ${body};`, ''].join('\n');
}

/** Fills times the decoder did not give, between the neighbours that have them, by word length. */
function interpolate(words: ExpectedWord[], times: ({ start: number; end: number } | null)[], duration: number): number {
  let filled = 0;
  let i = 0;
  while (i < times.length) {
    if (times[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < times.length && !times[j]) j++;
    const from = i > 0 ? times[i - 1]!.end : 0;
    const to = j < times.length ? times[j]!.start : duration;
    const weights = words.slice(i, j).map((w) => Math.max(1, w.word.length));
    const total = weights.reduce((a, b) => a + b, 0);
    let at = from;
    for (let k = i; k < j; k++) {
      const span = (Math.max(0, to - from) * weights[k - i]) / total;
      times[k] = { start: at, end: at + span };
      at += span;
      filled++;
    }
    i = j;
  }
  return filled;
}

const round = (s: number) => Math.round(s * 1000) / 1000;

export class PocketsphinxAligner implements TranscriptionEngine {
  readonly name = 'pocketsphinx';
  readonly local = true;
  readonly requiresExpectedText = true;
  readonly note = 'offline aligner: times a known English script, does not transcribe free speech';

  constructor(private readonly options: PocketsphinxOptions = {}) {}

  binary(): string | null {
    return findBinary(this.options.bin ?? process.env.POCKETSPHINX_BIN ?? BINARY_NAME);
  }

  modelDir(): string {
    return this.options.modelDir ?? process.env.POCKETSPHINX_MODEL_DIR ?? DEFAULT_MODEL_DIR;
  }

  private dictionaryFile(): string {
    return path.join(this.modelDir(), 'cmudict-en-us.dict');
  }

  available(): boolean {
    const model = this.modelDir();
    return this.binary() !== null && fs.existsSync(path.join(model, 'en-us', 'mdef')) && fs.existsSync(this.dictionaryFile());
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
    const bin = this.binary();
    if (!bin || !this.available()) {
      throw new AudioEngineError(`pocketsphinx is not installed here (binary: ${bin ?? 'not found'}, model: ${this.modelDir()}); set POCKETSPHINX_BIN and POCKETSPHINX_MODEL_DIR`);
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

    return withWorkDir(async (dir) => {
      const pcm = path.join(dir, 'audio.raw');
      canceled();
      try {
        await runFfmpeg(
          (c) =>
            c
              .input(request.file)
              .outputOptions(['-vn', '-sn', '-dn', '-ac', '1', '-ar', String(SAMPLE_RATE), '-c:a', 'pcm_s16le', '-f', 's16le', '-y'])
              .output(pcm),
          { signal, durationSeconds: input.durationSeconds ?? undefined, failureMessage: 'the audio could not be decoded' },
        );
      } catch (err) {
        canceled();
        throw err instanceof MediaError ? new AudioEngineError(err.message) : err;
      }
      const audioSeconds = (await fsp.stat(pcm)).size / (2 * SAMPLE_RATE);
      if (audioSeconds < 0.05) throw new AudioEngineError('the audio is empty');
      const duration = input.durationSeconds ?? audioSeconds;
      const limit = Math.min(audioSeconds, duration);
      canceled();

      // Pronunciations: the CMU dictionary, else espeak-ng's, else generic speech.
      const dict = await loadDictionary(this.dictionaryFile());
      const prons = expected.words.map((w) => dictionaryPronunciations(w.units, dict));
      const missing = expected.words.map((w, i) => (prons[i] ? -1 : i)).filter((i) => i >= 0);
      let spoken = 0;
      if (missing.length) {
        const phonemes = await espeakPhonemes(missing.map((i) => expected.words[i].word));
        missing.forEach((wi, k) => {
          const arpabet = phonemes[k] ? espeakToArpabet(phonemes[k]) : '';
          if (arpabet) spoken++;
          prons[wi] = [arpabet || '+SPN+'];
        });
      }
      canceled();
      const dictLines = expected.words.flatMap((_, i) => [
        ...prons[i]!.map((p, k) => `w${i}${k ? `(${k + 1})` : ''} ${p}`),
        `g${i} +SPN+`,
      ]);
      const dictFile = path.join(dir, 'words.dict');
      await fsp.writeFile(dictFile, dictLines.join('\n') + '\n');

      const decode = async (lenient: boolean): Promise<Decoded[]> => {
        const gram = path.join(dir, lenient ? 'lenient.gram' : 'strict.gram');
        await fsp.writeFile(gram, grammar(expected.words, expected.sentences.length, lenient));
        const logFile = path.join(dir, lenient ? 'lenient.log' : 'strict.log');
        const args = [
          '-infile', pcm, '-samprate', String(SAMPLE_RATE), '-hmm', path.join(this.modelDir(), 'en-us'), '-dict', dictFile,
          '-jsgf', gram, '-remove_silence', 'no', '-time', 'yes', '-logfn', logFile, ...BEAMS,
        ];
        const stdout = await new Promise<string>((resolve, reject) => {
          execFile(
            bin,
            args,
            { signal, maxBuffer: 64 * 1024 * 1024, timeout: Math.round((60 + audioSeconds * 2) * 1000), encoding: 'utf8' },
            (err, out) => {
              if (!err) return resolve(out);
              if (signal?.aborted) return reject(new AudioEngineError('the alignment was canceled', 'transient'));
              const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').filter((l) => /ERROR|FATAL/.test(l)).slice(-5).join(' | ') : '';
              log.warn('pocketsphinx failed', { err, tail });
              reject(new AudioEngineError('pocketsphinx failed to align the audio', 'transient'));
            },
          );
        });
        return parseTimes(stdout);
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
      const times: ({ start: number; end: number } | null)[] = expected.words.map(() => null);
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
      const interpolated = interpolate(expected.words, times, limit);

      const words: TranscriptWord[] = expected.words.map((w, i) => ({ word: w.word, start: round(times[i]!.start), end: round(times[i]!.end) }));
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
      log.info('pocketsphinx aligned a script', { ...stats });
      return { transcription: { text: script, language: 'en', duration: round(duration), segments, words }, stats };
    });
  }
}
