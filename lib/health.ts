import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { setting } from '@/lib/config';
import { getSql } from '@/lib/db/client';
import { ffmpegInfo } from '@/lib/media/ffmpeg';
import { getBoss } from '@/lib/queue/boss';
import { deadLetterName } from '@/lib/queue/define';
import { describeAudioEngines } from '@/lib/audio/engines';
import { describeTranscriptionEngines } from '@/lib/audio/engines/transcription';
import { videoProviderAvailability } from '@/lib/providers/video';
import { getStorage } from '@/lib/storage';
import { log } from '@/lib/log';

function audioAvailability() {
  const flags = (list: Array<{ name: string; configured: boolean }>) => Object.fromEntries(list.map((e) => [e.name, e.configured]));
  const { speech, music, stems } = describeAudioEngines();
  return { speech: flags(speech), music: flags(music), stems: flags(stems), transcription: flags(describeTranscriptionEngines()) };
}

export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded', 'error']),
  version: z.string(),
  database: z.object({ ok: z.boolean(), embedded: z.boolean() }),
  queues: z.record(z.string(), z.object({ queued: z.number(), active: z.number(), failed: z.number(), dead: z.number() })),
  ffmpeg: z.object({ path: z.string(), version: z.string(), source: z.enum(['system', 'npm']) }).nullable(),
  storage: z.object({ backend: z.string(), ok: z.boolean(), problem: z.string().optional().describe('Why the storage cannot be used, when it cannot') }),
  providers: z.record(z.string(), z.boolean()).describe('Video providers: whether each can take a job here'),
  audio: z
    .object({ speech: z.record(z.string(), z.boolean()), music: z.record(z.string(), z.boolean()), stems: z.record(z.string(), z.boolean()), transcription: z.record(z.string(), z.boolean()) })
    .describe('Audio engines by capability: whether each is usable here'),
});
export type Health = z.infer<typeof HealthSchema>;

const VERSION = (() => {
  try {
    return (JSON.parse(readFileSync(path.join(/*turbopackIgnore: true*/ process.cwd(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
})();

function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timed out')), ms).unref())]);
}

async function queueStats(): Promise<Health['queues']> {
  const boss = await getBoss();
  const all = await boss.getQueues();
  const byName = new Map(all.map((q) => [q.name, q]));
  const out: Health['queues'] = {};
  for (const q of all) {
    if (q.name.endsWith('.dead') || q.name.startsWith('__pgboss')) continue;
    out[q.name] = {
      queued: q.queuedCount,
      active: q.activeCount,
      failed: q.failedCount,
      dead: byName.get(deadLetterName(q.name))?.queuedCount ?? 0,
    };
  }
  return out;
}

export async function checkHealth(): Promise<Health> {
  const databaseOk = await within(3000, getSql()`select 1`).then(() => true, () => false);
  const queues = databaseOk ? await within(3000, queueStats()).catch(() => ({})) : {};
  let ffmpeg: Health['ffmpeg'] = null;
  try {
    const info = ffmpegInfo();
    ffmpeg = { path: info.ffmpeg.path, version: info.version, source: info.ffmpeg.source };
  } catch (err) {
    log.error('ffmpeg is not usable', { err });
    ffmpeg = null;
  }
  const storage = getStorage();
  const storageOk = await storage.healthy();
  // Only asked when something is wrong: the listing it makes names the cause (a missing bucket, a wrong secret).
  const problem = storageOk ? undefined : ((await storage.diagnose().catch((err: Error) => err.message)) ?? 'the storage did not answer');
  const healthy = databaseOk && storageOk && ffmpeg !== null;
  return {
    // Without its database or its storage nothing can be made or played: an error, not degraded.
    status: !databaseOk || !storageOk ? 'error' : healthy ? 'ok' : 'degraded',
    version: VERSION,
    database: { ok: databaseOk, embedded: setting('CINEMOOD_EMBEDDED_DB') },
    queues,
    ffmpeg,
    storage: { backend: storage.backend, ok: storageOk, ...(problem ? { problem } : {}) },
    providers: { local: ffmpeg !== null, ...videoProviderAvailability() },
    audio: audioAvailability(),
  };
}
