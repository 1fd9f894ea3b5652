import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { setting } from '@/lib/config';
import { replicateConfigFromEnv } from '@/lib/providers/video/replicate';
import type { Stem, StemEngine } from '../types';
import { AudioEngineError } from '../types';
import { audioExtension, downloadAudio, guarded } from './shared';
import { predictCost, runPrediction, type ReplicateAudioConfig } from './replicate-musicgen';

// Demucs on Replicate (§5 lifecycle): a community model pinned by REPLICATE_DEMUCS_VERSION. Its
// `audio` input must be something Replicate can fetch; we hold a local file, so it goes inline as a
// data: URI, which Replicate accepts for small files. The output is an object of stem name → URL
// (e.g. cjwbw/demucs: vocals, bass, drums, other [, guitar, piano]), each downloaded through the
// outbound guard. Example version, from replicate.com/cjwbw/demucs (UNCONFIRMED as current):
// 25a173108cff36ef9f80f854c162d01df9e6528be175794b81158fa03836d953.

/** replicate-javascript's own cap for inline (data URI) inputs, MAX_DATA_URI_SIZE in lib/util.js; bigger needs an upload URL. */
export const MAX_INLINE_BYTES = 10_000_000;

const MIME: Record<string, string> = { '.mp3': 'audio/mpeg', '.wav': 'audio/wav', '.flac': 'audio/flac', '.ogg': 'audio/ogg', '.m4a': 'audio/mp4', '.aac': 'audio/aac', '.opus': 'audio/ogg' };

export function replicateDemucsConfigFromEnv(): ReplicateAudioConfig | null {
  const base = replicateConfigFromEnv();
  const version = setting('REPLICATE_DEMUCS_VERSION');
  if (!base || !version) return null;
  return { apiToken: base.apiToken, baseUrl: base.baseUrl, version, timeoutSeconds: setting('REPLICATE_DEMUCS_TIMEOUT_SECONDS') };
}

/** stem name → URL, from the documented object output (or a bare list of URLs, named by file). */
function stemUrls(output: unknown): Array<[string, string]> {
  const isUrl = (v: unknown): v is string => typeof v === 'string' && /^https?:\/\//.test(v);
  if (Array.isArray(output)) return output.filter(isUrl).map((url) => [path.basename(new URL(url).pathname).replace(/\.\w+$/, ''), url]);
  if (output && typeof output === 'object') return Object.entries(output).filter((e): e is [string, string] => isUrl(e[1]));
  return [];
}

export class ReplicateDemucsEngine implements StemEngine {
  readonly name = 'replicate-demucs';
  readonly local = false;
  constructor(private readonly config: ReplicateAudioConfig) {}

  async separate(inputFile: string, outputDir: string, signal?: AbortSignal) {
    return guarded('Replicate Demucs', async () => {
      const version = this.config.version;
      if (!version) throw new AudioEngineError('Replicate Demucs: set REPLICATE_DEMUCS_VERSION to a Demucs model version hash', 'permanent');
      const { size } = await stat(inputFile);
      if (size > MAX_INLINE_BYTES) {
        throw new AudioEngineError(`Replicate Demucs: the file is ${Math.ceil(size / 1024 / 1024)} MB, too large for inline upload (limit 10 MB); use the local engine or a shorter clip`, 'permanent');
      }
      const mime = MIME[path.extname(inputFile).toLowerCase()] ?? 'application/octet-stream';
      const audio = `data:${mime};base64,${(await readFile(inputFile)).toString('base64')}`;
      const p = await runPrediction(this.config, { version, input: { audio } }, 'Replicate Demucs', signal);
      const urls = stemUrls(p.output);
      if (!urls.length) throw new AudioEngineError('Replicate Demucs: the prediction succeeded without any stem URLs', 'transient');
      await mkdir(outputDir, { recursive: true });
      const stems: Stem[] = [];
      for (const [name, url] of urls) {
        const safe = name.replace(/[^\w-]/g, '_') || `stem${stems.length}`;
        // A work directory of the job, not a project path: nothing for the bundler to trace.
        const file = path.join(/* turbopackIgnore: true */ outputDir, `${safe}.${audioExtension(url)}`);
        await downloadAudio(url, file, 'Replicate Demucs', signal);
        stems.push({ name: safe, file });
      }
      return { stems, cost: predictCost(p) };
    });
  }
}
