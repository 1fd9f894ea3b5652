import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mp4IndexPosition, topLevelBoxes } from './mp4-boxes';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'boxes-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function box(type: string, payload = 0): Buffer {
  const b = Buffer.alloc(8 + payload);
  b.writeUInt32BE(8 + payload, 0);
  b.write(type, 4, 'latin1');
  return b;
}

/** A box with a 64-bit size, as large mdat boxes are written. */
function largeBox(type: string, payload: number): Buffer {
  const b = Buffer.alloc(16 + payload);
  b.writeUInt32BE(1, 0);
  b.write(type, 4, 'latin1');
  b.writeBigUInt64BE(BigInt(16 + payload), 8);
  return b;
}

let n = 0;
async function file(...parts: Buffer[]): Promise<string> {
  const f = path.join(dir, `f${n++}.mp4`);
  await writeFile(f, Buffer.concat(parts));
  return f;
}

describe('MP4 top-level boxes', () => {
  it('reads the box order from the headers, 32- and 64-bit sizes alike', async () => {
    const f = await file(box('ftyp', 16), box('free'), largeBox('mdat', 1000), box('moov', 40));
    expect((await topLevelBoxes(f)).map((b) => [b.type, b.offset, b.size])).toEqual([
      ['ftyp', 0, 24],
      ['free', 24, 8],
      ['mdat', 32, 1016],
      ['moov', 1048, 48],
    ]);
    expect(await mp4IndexPosition(f)).toBe('end');
  });

  it('says front when moov comes first, and takes size 0 as "to the end of the file"', async () => {
    const sizeZero = box('mdat', 100);
    sizeZero.writeUInt32BE(0, 0);
    expect(await mp4IndexPosition(await file(box('ftyp', 16), box('moov', 40), sizeZero))).toBe('front');
  });

  it('finds no index in a truncated file or one that is not MP4', async () => {
    const whole = Buffer.concat([box('ftyp', 16), box('mdat', 500), box('moov', 200)]);
    expect(await mp4IndexPosition(await file(whole.subarray(0, whole.length - 50)))).toBe('none');
    expect(await mp4IndexPosition(await file(Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0, 0, 0, 0, 0, 0, 0, 0])))).toBe('none');
    expect(await mp4IndexPosition(await file(Buffer.alloc(0)))).toBe('none');
    // A size smaller than its own header would loop forever if trusted.
    const bogus = box('ftyp', 16);
    bogus.writeUInt32BE(4, 0);
    expect(await topLevelBoxes(await file(bogus, box('moov')))).toEqual([]);
  });
});
