import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Runs the espeak-ng command line compiled to WebAssembly (npm `espeak-ng`, voice data embedded
 * in the .wasm). Each call is a fresh instance: the program keeps its option parser and engine
 * state in C globals, so calling its `main` twice is not safe. What is shared is the compiled
 * module (18 MB of wasm, compiled once per process); an instance costs a 32 MB heap plus its
 * in-memory file system, both garbage once the call returns. `main` runs synchronously inside the
 * instantiation, so a call blocks the event loop for as long as espeak-ng takes (about 0.2 s to
 * start, then roughly 0.2 s per 1000 characters).
 */

const require = createRequire(import.meta.url);

let compiled: Promise<WebAssembly.Module> | undefined;

function wasmModule(): Promise<WebAssembly.Module> {
  compiled ??= (async () => {
    // Found beside the package's entry file, not by a literal .wasm specifier, which bundlers would try to pack.
    const file = path.join(path.dirname(require.resolve(/* turbopackIgnore: true */ 'espeak-ng')), 'espeak-ng.wasm');
    return WebAssembly.compile(await fs.readFile(file));
  })();
  compiled.catch(() => {
    compiled = undefined;
  });
  return compiled;
}

export interface EspeakRun {
  /** The program's exit status: 0 on success, 1 for an unknown voice and other refusals. */
  status: number;
  stdout: string[];
  stderr: string[];
  /** Contents of `readFile`, when asked for and written by the program. */
  output: Uint8Array | null;
}

// Emscripten's own note when `main` returns while the runtime is kept alive; not espeak's output.
const RUNTIME_NOTE = /^program exited \(with status: \d+\)/;

/**
 * Runs `espeak-ng <args>`. Arguments reach the program as argv entries, never through a shell.
 * `readFile` is a path in the instance's virtual file system (e.g. `/out.wav` for `-w /out.wav`).
 */
export async function runEspeak(args: string[], opts: { readFile?: string } = {}): Promise<EspeakRun> {
  const [{ default: ESpeakNg }, module] = await Promise.all([import(/* webpackIgnore: true */ /* turbopackIgnore: true */ 'espeak-ng'), wasmModule()]);
  const stdout: string[] = [];
  const stderr: string[] = [];
  let status = 0;
  const instance = await ESpeakNg({
    arguments: args,
    print: (line) => stdout.push(line),
    printErr: (line) => {
      if (!RUNTIME_NOTE.test(line)) stderr.push(line);
    },
    // The default for Node sets process.exitCode, which would leak espeak's status into ours.
    quit: (code, toThrow) => {
      status = code;
      throw toThrow;
    },
    instantiateWasm: (imports, receive) => {
      const wasm = new WebAssembly.Instance(module, imports);
      receive(wasm, module);
      return wasm.exports as Record<string, never>;
    },
  });
  let output: Uint8Array | null = null;
  if (opts.readFile) {
    try {
      output = instance.FS.readFile(opts.readFile);
    } catch {
      output = null;
    }
  }
  return { status, stdout, stderr, output };
}

/**
 * espeak-ng's phoneme mnemonics (`-x`) for each word, one list per word, or null for a word it
 * gave nothing for. All words go through one instance: one word per line, and `-l` makes every
 * line its own clause, so the program prints one line per word. Should the lines not match up
 * (a word split into clauses), the words are asked for one at a time instead.
 */
// Each one-word call costs a fresh instance (~0.25 s); past this many the rest go without.
const MAX_SINGLE_CALLS = 40;

export async function espeakPhonemes(words: string[], voice = 'en-us'): Promise<(string[] | null)[]> {
  if (words.length === 0) return [];
  const ask = async (text: string) =>
    (await runEspeak(['-v', voice, '-q', '-x', '--sep= ', '-l', '100000', '-b', '1', '--', text])).stdout.filter((l) => l.trim() !== '');
  const toPhonemes = (line: string | undefined) => {
    const phonemes = (line ?? '').trim().split(/\s+/).filter(Boolean);
    return phonemes.length ? phonemes : null;
  };
  const clean = words.map((w) => w.replace(/\s+/g, ' ').trim());
  const lines = await ask(clean.join('\n'));
  if (lines.length === clean.length) return lines.map(toPhonemes);
  const result: (string[] | null)[] = [];
  for (const [i, word] of clean.entries()) result.push(i < MAX_SINGLE_CALLS ? toPhonemes((await ask(word)).join(' ')) : null);
  return result;
}
