import { describe, expect, it } from 'vitest';
import { extensionForMime, sniffMediaType } from '@/lib/media/sniff';

const pad = (b: Buffer) => Buffer.concat([b, Buffer.alloc(16)]);

describe('sniffMediaType', () => {
  it.each([
    [Buffer.from('\0\0\0\x20ftypisom', 'latin1'), 'video/mp4'],
    [Buffer.from('\0\0\0\x20ftypM4A ', 'latin1'), 'audio/mp4'],
    [Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), 'video/webm'],
    [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'image/png'],
    [Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'image/jpeg'],
    [Buffer.from('RIFF\0\0\0\0WAVEfmt ', 'latin1'), 'audio/wav'],
    [Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'), 'image/webp'],
    [Buffer.from('ID3\x04', 'latin1'), 'audio/mpeg'],
    [Buffer.from('OggS', 'latin1'), 'audio/ogg'],
  ])('recognises %#', (bytes, mime) => {
    expect(sniffMediaType(pad(bytes))?.mime).toBe(mime);
  });

  it('refuses what is not media, whatever it is called', () => {
    expect(sniffMediaType(pad(Buffer.from('<!doctype html><script>alert(1)</script>')))).toBeNull();
    expect(sniffMediaType(pad(Buffer.from('%PDF-1.7')))).toBeNull();
    expect(sniffMediaType(Buffer.from('tiny'))).toBeNull();
  });
});

describe('extensionForMime', () => {
  it('gives the extension a stored type is saved and downloaded under', () => {
    expect(extensionForMime('video/mp4')).toBe('mp4');
    expect(extensionForMime('video/webm')).toBe('webm');
    expect(extensionForMime('video/quicktime')).toBe('mov');
    expect(extensionForMime('Video/WebM; codecs="vp9"')).toBe('webm');
    expect(extensionForMime('application/pdf')).toBeNull();
  });

  it('agrees with what sniffing records', () => {
    const webm = sniffMediaType(pad(Buffer.from([0x1a, 0x45, 0xdf, 0xa3])))!;
    expect(extensionForMime(webm.mime)).toBe(webm.extension);
    const mov = sniffMediaType(pad(Buffer.from('\0\0\0\x14ftypqt  ', 'latin1')))!;
    expect(mov).toEqual({ assetType: 'video', mime: 'video/quicktime', extension: 'mov' });
  });
});
