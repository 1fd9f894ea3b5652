import { open } from 'node:fs/promises';

export interface Box {
  type: string;
  offset: number;
  size: number;
}

/** Beyond this many top-level boxes (fragmented files have thousands) the walk stops looking. */
const MAX_BOXES = 4096;

/**
 * The top-level boxes of an ISO-BMFF file (MP4, MOV, M4A), read from their 8- or 16-byte headers
 * only: no payload is read, so this costs a few reads however large the file is. Stops at the
 * first header that does not fit the file (a truncated or non-MP4 file), and once both `moov`
 * and `mdat` have been seen.
 */
export async function topLevelBoxes(file: string): Promise<Box[]> {
  const handle = await open(file, 'r');
  try {
    const { size: fileSize } = await handle.stat();
    const header = Buffer.alloc(16);
    const boxes: Box[] = [];
    let offset = 0;
    while (offset + 8 <= fileSize && boxes.length < MAX_BOXES) {
      const { bytesRead } = await handle.read(header, 0, 16, offset);
      if (bytesRead < 8) break;
      const type = header.toString('latin1', 4, 8);
      if (!/^[\x20-\x7e]{4}$/.test(type)) break;
      let size = header.readUInt32BE(0);
      if (size === 1) {
        if (bytesRead < 16) break;
        size = Number(header.readBigUInt64BE(8));
      } else if (size === 0) {
        // "extends to the end of the file"
        size = fileSize - offset;
      }
      if (size < 8 || offset + size > fileSize) break;
      boxes.push({ type, offset, size });
      if (boxes.some((b) => b.type === 'moov') && boxes.some((b) => b.type === 'mdat')) break;
      offset += size;
    }
    return boxes;
  } finally {
    await handle.close();
  }
}

/**
 * Where the index (`moov`) sits relative to the media data (`mdat`): `front` lets a browser start
 * playing from the first bytes; `end` makes it fetch the tail first; `none` means no index was
 * found among readable boxes (not an MP4, or truncated).
 */
export async function mp4IndexPosition(file: string): Promise<'front' | 'end' | 'none'> {
  const boxes = await topLevelBoxes(file);
  const moov = boxes.findIndex((b) => b.type === 'moov');
  if (moov < 0) return 'none';
  const mdat = boxes.findIndex((b) => b.type === 'mdat');
  return mdat >= 0 && mdat < moov ? 'end' : 'front';
}
