import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setting } from '@/lib/config';
import { runFfmpeg } from '@/lib/media/ffmpeg';
import { startFakeLuma } from '@/lib/testing/fake-luma';

/**
 * The Luma contract server for the browser tests, on a fixed port the app is configured with
 * (playwright.config.ts), so the studio offers a real external provider and the dashboard shows
 * its statuses. Runs until Playwright stops it.
 */
const port = setting('E2E_FAKE_LUMA_PORT');
const clip = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'cinemood-e2e-luma-')), 'clip.mp4');
await runFfmpeg((c) => c.input('testsrc2=size=1280x720:rate=24:duration=3').inputFormat('lavfi').outputOptions(['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', '-y']).output(clip));
const fake = await startFakeLuma(await fs.readFile(clip), port);
process.stdout.write(`fake Luma on ${fake.base}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void fake.close().then(() => process.exit(0)));
