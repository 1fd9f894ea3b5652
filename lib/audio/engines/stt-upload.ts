import fs from 'node:fs';
import path from 'node:path';
import { MediaError } from '@/lib/media/ffmpeg';
import { ProviderError } from '@/lib/providers/video/provider-http';
import { AudioEngineError } from '../types';

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

/**
 * The human part of an error answer. provider-http keeps `error`/`detail` objects as JSON text:
 * OpenAI's `{"error":{"message":…}}`, ElevenLabs' `{"detail":{"message":…}}` or a validation list `[{"msg":…}]`.
 */
function readable(message: string): string {
  try {
    const parsed: unknown = JSON.parse(message);
    const first = Array.isArray(parsed) ? parsed[0] : parsed;
    if (first && typeof first === 'object') {
      const o = first as Record<string, unknown>;
      const text = o.message ?? o.msg;
      if (typeof text === 'string' && text) return text;
    }
  } catch {
    const m = /"(?:message|msg)":("(?:[^"\\]|\\.)*")/.exec(message);
    if (m) return JSON.parse(m[1]) as string;
  }
  return message;
}

/** Any failure of a transcription call as an `AudioEngineError` that says which service answered. */
export function engineError(service: string, err: unknown): AudioEngineError {
  if (err instanceof AudioEngineError) return err;
  if (err instanceof ProviderError) {
    const status = err.status ? ` (HTTP ${err.status})` : '';
    return new AudioEngineError(`${service}: ${readable(err.message)}${status}`, err.kind);
  }
  if (err instanceof MediaError) return new AudioEngineError(err.message, 'permanent');
  if ((err as Error)?.name === 'AbortError') return new AudioEngineError('the transcription was canceled', 'permanent');
  return new AudioEngineError(`${service}: ${(err as Error)?.message ?? String(err)}`, 'transient');
}

/** Formats both services take as they are; anything else (video containers, AIFF…) is re-encoded first. */
export const AUDIO_FORMATS = ['mp3', 'mpga', 'mpeg', 'wav', 'flac', 'ogg', 'webm', 'm4a'];
