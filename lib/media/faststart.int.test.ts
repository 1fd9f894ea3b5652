import fs from 'node:fs/promises';
import path from 'node:path';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { mediaAssets } from '@/lib/db/schema';
import { probe, runFfmpeg } from '@/lib/media/ffmpeg';
import { ingestFile } from '@/lib/media/ingest';
import { mp4IndexPosition } from '@/lib/media/mp4-boxes';
import { sniffFile } from '@/lib/media/sniff';
import { getStorage } from '@/lib/storage';
import { localFileFor } from '@/lib/storage/materialize';
import { apiClient } from '@/lib/testing/api';
import { createTestEnvironment, type TestEnvironment } from '@/lib/testing/database';

let env: TestEnvironment;
let dir: string;

beforeAll(async () => {
  env = await createTestEnvironment();
  dir = path.join(env.dataDir, 'faststart-test');
  await fs.mkdir(dir, { recursive: true });
});
afterAll(async () => {
  await env?.cleanup();
});

const VIDEO = ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25:duration=2'];
const AUDIO = ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=2'];

/** Writes a clip with ffmpeg's defaults, which put the index (moov) after the media data. */
async function make(name: string, inputs: string[][], output: string[]): Promise<string> {
  const file = path.join(dir, name);
  await runFfmpeg((c) => {
    for (const input of inputs) c.input(input[3]).inputFormat('lavfi');
    return c.outputOptions([...output, '-y']).output(file);
  });
  return file;
}

async function ingest(file: string) {
  const type = await sniffFile(file);
  if (!type) throw new Error(`${file} was not sniffed as media`);
  return ingestFile({ file, type, sourceType: 'uploaded', title: path.basename(file) });
}

async function storedFile(key: string): Promise<string> {
  return localFileFor(getStorage(), key, dir);
}

const objectCount = async () => (await getStorage().list('')).length;
const assetCount = async () => (await getDb().select({ n: count() }).from(mediaAssets))[0].n;

describe('faststart on ingest', () => {
  it.each([
    ['an MP4 (H.264 + AAC)', 'plain.mp4', [VIDEO, AUDIO], ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', '-f', 'mp4'], 'video/mp4'],
    ['a QuickTime MOV', 'plain.mov', [VIDEO], ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-f', 'mov'], 'video/quicktime'],
    ['an M4A', 'plain.m4a', [AUDIO], ['-c:a', 'aac', '-f', 'ipod'], 'audio/mp4'],
  ])('moves the index of %s to the front, streams and duration unchanged, size_bytes of the stored bytes', async (_label, name, inputs, output, mime) => {
    const file = await make(name, inputs, output);
    expect(await mp4IndexPosition(file)).toBe('end');
    const before = await probe(file);

    const asset = await ingest(file);
    const stored = await storedFile(asset.storageKey);
    expect(await mp4IndexPosition(stored)).toBe('front');
    expect((await sniffFile(stored))?.mime).toBe(mime);
    expect(asset.mimeType).toBe(mime);
    const after = await probe(stored);
    expect(after).toMatchObject({ hasVideo: before.hasVideo, hasAudio: before.hasAudio, videoCodec: before.videoCodec, audioCodec: before.audioCodec, width: before.width, height: before.height });
    expect(after.durationSeconds).toBeCloseTo(before.durationSeconds!, 1);
    const { size } = await fs.stat(stored);
    expect(asset.sizeBytes).toBe(size);
    expect((asset.metadata as { probe: { sizeBytes: number } }).probe.sizeBytes).toBe(size);
    // The remuxed copy does not linger next to the input.
    expect((await fs.readdir(dir)).filter((f) => f.includes('.faststart.'))).toEqual([]);
  });

  it('stores a file that is already faststart, and a WebM, byte for byte', async () => {
    for (const [name, output] of [
      ['fast.mp4', ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', '-f', 'mp4']],
      ['clip.webm', ['-c:v', 'libvpx', '-b:v', '200k', '-deadline', 'realtime', '-f', 'webm']],
    ] as const) {
      const file = await make(name, [VIDEO], [...output]);
      const asset = await ingest(file);
      const original = await fs.readFile(file);
      expect((await fs.readFile(await storedFile(asset.storageKey))).equals(original), name).toBe(true);
      expect(asset.sizeBytes).toBe(original.length);
    }
  });

  it('stores as it came a file that probes but cannot be remuxed into its claimed container', async () => {
    // QuickTime Animation has no MP4 tag: with the brand rewritten to isom the mp4 muxer refuses it.
    const file = await make('animation.mov', [VIDEO], ['-c:v', 'qtrle', '-f', 'mov']);
    const bytes = await fs.readFile(file);
    bytes.write('isom', 8, 'latin1');
    await fs.writeFile(file, bytes);
    expect((await sniffFile(file))?.mime).toBe('video/mp4');
    expect(await mp4IndexPosition(file)).toBe('end');

    const asset = await ingest(file);
    expect((await fs.readFile(await storedFile(asset.storageKey))).equals(bytes)).toBe(true);
    expect(asset.sizeBytes).toBe(bytes.length);
  });

  it('refuses a truncated file (its index cut off) with a clear error and stores nothing', async () => {
    const file = await make('cut.mp4', [VIDEO], ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-f', 'mp4']);
    const bytes = await fs.readFile(file);
    await fs.writeFile(file, bytes.subarray(0, Math.floor(bytes.length * 0.9)));
    const [objects, assets] = [await objectCount(), await assetCount()];
    await expect(ingest(file)).rejects.toMatchObject({ name: 'MediaError' });

    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await fs.readFile(file))]), 'cut.mp4');
    const res = await (await apiClient()).request('POST', '/api/media/assets', { body: form });
    expect(res.status).toBe(422);
    expect((await res.json()).error.message).toMatch(/could not be read/);
    expect([await objectCount(), await assetCount()]).toEqual([objects, assets]);
  });
});
