import { open } from 'node:fs/promises';

export interface SniffedType {
  assetType: 'video' | 'image' | 'audio';
  mime: string;
  extension: string;
}

/** Every type Cinemood stores, with the one extension it is saved and downloaded under. */
const TYPES = {
  'video/mp4': { assetType: 'video', extension: 'mp4' },
  'video/quicktime': { assetType: 'video', extension: 'mov' },
  'video/webm': { assetType: 'video', extension: 'webm' },
  'image/png': { assetType: 'image', extension: 'png' },
  'image/jpeg': { assetType: 'image', extension: 'jpg' },
  'image/gif': { assetType: 'image', extension: 'gif' },
  'image/webp': { assetType: 'image', extension: 'webp' },
  'audio/mp4': { assetType: 'audio', extension: 'm4a' },
  'audio/wav': { assetType: 'audio', extension: 'wav' },
  'audio/flac': { assetType: 'audio', extension: 'flac' },
  'audio/ogg': { assetType: 'audio', extension: 'ogg' },
  'audio/mpeg': { assetType: 'audio', extension: 'mp3' },
} as const satisfies Record<string, Omit<SniffedType, 'mime'>>;

type KnownMime = keyof typeof TYPES;
const typed = (mime: KnownMime): SniffedType => ({ mime, ...TYPES[mime] });

/** The file extension for a stored MIME type (`video/webm` → `webm`), or null for one Cinemood never stores. */
export function extensionForMime(mime: string): string | null {
  const known = TYPES[mime.split(';')[0].trim().toLowerCase() as KnownMime];
  return known ? known.extension : null;
}

const ascii = (buf: Buffer, start: number, end: number) => buf.subarray(start, end).toString('latin1');

/** What the bytes are, from their magic numbers; the filename and the client's claim are ignored. */
export function sniffMediaType(head: Buffer): SniffedType | null {
  if (head.length < 12) return null;
  if (ascii(head, 4, 8) === 'ftyp') {
    const brand = ascii(head, 8, 12);
    if (/^M4A |^M4B /.test(brand)) return typed('audio/mp4');
    if (/^qt {2}/.test(brand)) return typed('video/quicktime');
    return typed('video/mp4');
  }
  if (head.readUInt32BE(0) === 0x1a45dfa3) return typed('video/webm');
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return typed('image/png');
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return typed('image/jpeg');
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return typed('image/gif');
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return typed('image/webp');
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WAVE') return typed('audio/wav');
  if (ascii(head, 0, 4) === 'fLaC') return typed('audio/flac');
  if (ascii(head, 0, 4) === 'OggS') return typed('audio/ogg');
  if (ascii(head, 0, 3) === 'ID3' || (head[0] === 0xff && (head[1] & 0xe0) === 0xe0)) return typed('audio/mpeg');
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
