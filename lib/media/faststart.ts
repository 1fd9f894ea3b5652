import { rm } from 'node:fs/promises';
import { canFaststart, probe, remuxFaststart, type ProbeResult } from '@/lib/media/ffmpeg';
import { mp4IndexPosition } from '@/lib/media/mp4-boxes';
import type { SniffedType } from '@/lib/media/sniff';
import { log } from '@/lib/log';

export interface StorableFile {
  /** What to store: the input itself, or a remuxed copy next to it. */
  file: string;
  info: ProbeResult;
  remuxed: boolean;
  /** Removes the copy, if one was made. */
  cleanup(): Promise<void>;
}

/** Same streams and (within a frame or two) the same length: the remux lost nothing. */
function sameMedia(a: ProbeResult, b: ProbeResult): boolean {
  const keys = ['hasVideo', 'hasAudio', 'videoCodec', 'audioCodec', 'width', 'height', 'channels', 'sampleRate'] as const;
  if (keys.some((k) => a[k] !== b[k])) return false;
  if (a.durationSeconds === null || b.durationSeconds === null) return a.durationSeconds === b.durationSeconds;
  return Math.abs(a.durationSeconds - b.durationSeconds) <= Math.max(0.1, a.durationSeconds * 0.01);
}

/**
 * Every MP4/MOV/M4A that enters storage gets its index in front, so a browser can start playing
 * from the first bytes (providers and cameras often write it at the end). Box order is read from
 * the file's top-level headers; a file already in order, or not an MP4 at all (WebM, images,
 * WAV…), is stored as it is, byte for byte.
 *
 * A file that probed fine but cannot be remuxed (a muxer refusing one of its streams, or a remux
 * that would change its streams or length) is stored as it came, with a warning in the log: it
 * still plays, only not before its tail has loaded, and the creator does not lose it. A file that
 * cannot be read at all never gets here: the probe before it refuses it.
 */
export async function faststart(file: string, type: SniffedType, info: ProbeResult): Promise<StorableFile> {
  const asIs: StorableFile = { file, info, remuxed: false, cleanup: async () => {} };
  if (!canFaststart(type.mime) || (await mp4IndexPosition(file)) !== 'end') return asIs;
  const output = `${file}.faststart.${type.extension}`;
  const cleanup = () => rm(output, { force: true });
  try {
    await remuxFaststart(file, output, type.mime);
    const remuxedInfo = await probe(output);
    if (!sameMedia(info, remuxedInfo) || (await mp4IndexPosition(output)) !== 'front') throw new Error('the remux changed the streams or kept the index at the end');
    return { file: output, info: remuxedInfo, remuxed: true, cleanup };
  } catch (err) {
    log.warn('stored without faststart: the file could not be remuxed', { mime: type.mime, err });
    await cleanup();
    return asIs;
  }
}
