import { open } from 'node:fs/promises';

export interface SniffedType {
  assetType: 'video' | 'image' | 'audio';
  mime: string;
  extension: string;
}

const ascii = (buf: Buffer, start: number, end: number) => buf.subarray(start, end).toString('latin1');

/** What the bytes are, from their magic numbers; the filename and the client's claim are ignored. */
export function sniffMediaType(head: Buffer): SniffedType | null {
  if (head.length < 12) return null;
  if (ascii(head, 4, 8) === 'ftyp') {
    const brand = ascii(head, 8, 12);
    if (/^M4A |^M4B /.test(brand)) return { assetType: 'audio', mime: 'audio/mp4', extension: 'm4a' };
    if (/^qt  /.test(brand)) return { assetType: 'video', mime: 'video/quicktime', extension: 'mov' };
    return { assetType: 'video', mime: 'video/mp4', extension: 'mp4' };
  }
  if (head.readUInt32BE(0) === 0x1a45dfa3) return { assetType: 'video', mime: 'video/webm', extension: 'webm' };
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return { assetType: 'image', mime: 'image/png', extension: 'png' };
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return { assetType: 'image', mime: 'image/jpeg', extension: 'jpg' };
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return { assetType: 'image', mime: 'image/gif', extension: 'gif' };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return { assetType: 'image', mime: 'image/webp', extension: 'webp' };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WAVE') return { assetType: 'audio', mime: 'audio/wav', extension: 'wav' };
  if (ascii(head, 0, 4) === 'fLaC') return { assetType: 'audio', mime: 'audio/flac', extension: 'flac' };
  if (ascii(head, 0, 4) === 'OggS') return { assetType: 'audio', mime: 'audio/ogg', extension: 'ogg' };
  if (ascii(head, 0, 3) === 'ID3' || (head[0] === 0xff && (head[1] & 0xe0) === 0xe0)) return { assetType: 'audio', mime: 'audio/mpeg', extension: 'mp3' };
  return null;
}

/** The type of a file on disk, from its first bytes (never its name). */
export async function sniffFile(file: string): Promise<SniffedType | null> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(64);
    const { bytesRead } = await handle.read(head, 0, 64, 0);
    return sniffMediaType(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}
