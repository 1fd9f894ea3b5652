import fs from 'node:fs';
import path from 'node:path';
import { MediaError } from '@/lib/media/ffmpeg';
import { withWorkDir } from '@/lib/media/workdir';
import { splitForUpload, type UploadChunk } from '../split';
import { mergeChunks } from '../transcript';
import { AudioEngineError, type Transcription, type TranscriptionRequest } from '../types';
import { toAudioError } from './shared';

/** What the speech-to-text engines share: the file part of a multipart upload and error wording. */

const CONTENT_TYPES: Record<string, string> = {
  mp3: 'audio/mpeg',
  mpga: 'audio/mpeg',
  mpeg: 'audio/mpeg',
  wav: 'audio/wav',
  flac: 'audio/flac',
  ogg: 'audio/ogg',
  opus: 'audio/ogg',
  webm: 'audio/webm',
  m4a: 'audio/mp4',
  mp4: 'video/mp4',
  aac: 'audio/aac',
};

/** The file as a Blob backed by the disk (not read into memory), with its name and content type. */
export async function fileBlob(file: string): Promise<{ blob: Blob; name: string }> {
  const type = CONTENT_TYPES[path.extname(file).slice(1).toLowerCase()] ?? 'application/octet-stream';
  return { blob: await fs.openAsBlob(file, { type }), name: path.basename(file) };
}

/** Any failure of a transcription call as an `AudioEngineError` that says which service answered. */
export function engineError(service: string, err: unknown): AudioEngineError {
  if (err instanceof MediaError) return new AudioEngineError(err.message, 'permanent');
  return toAudioError(err, service);
}

/** Formats both services take as they are; anything else (video containers, AIFF…) is re-encoded first. */
export const AUDIO_FORMATS = ['mp3', 'mpga', 'mpeg', 'wav', 'flac', 'ogg', 'webm', 'm4a'];

/**
 * Splits the file to fit the service's upload limit, sends each piece in order, and re-joins the
 * pieces with their offsets; the seconds the service reports are summed into the cost.
 */
export async function transcribeInChunks(
  service: string,
  request: TranscriptionRequest,
  maxBytes: number,
  sendChunk: (chunk: UploadChunk) => Promise<{ transcription: Transcription; seconds?: number }>,
): Promise<Transcription & { cost?: Record<string, unknown> }> {
  try {
    return await withWorkDir(async (dir) => {
      const chunks = await splitForUpload(request.file, dir, { maxBytes, formats: AUDIO_FORMATS, signal: request.signal });
      const parts: Array<{ offset: number; t: Transcription }> = [];
      let seconds: number | null = null;
      for (const chunk of chunks) {
        request.signal?.throwIfAborted();
        const sent = await sendChunk(chunk);
        parts.push({ offset: chunk.offset, t: sent.transcription });
        if (typeof sent.seconds === 'number') seconds = (seconds ?? 0) + sent.seconds;
      }
      const merged = mergeChunks(parts);
      return seconds === null ? merged : { ...merged, cost: { seconds } };
    });
  } catch (err) {
    throw engineError(service, err);
  }
}
