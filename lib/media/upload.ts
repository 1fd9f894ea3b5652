import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Busboy from 'busboy';
import { setting } from '@/lib/config';
import { AppError } from '@/lib/errors';
import { MediaError } from '@/lib/media/ffmpeg';
import { sniffMediaType, type SniffedType } from '@/lib/media/sniff';

export const maxUploadBytes = () => setting('MAX_UPLOAD_BYTES');

export interface ReceivedUpload {
  file: string;
  type: SniffedType;
  filename: string;
  /** The form's text fields; a field sent more than once (e.g. `tags`) keeps every value, in order. */
  fields: Record<string, string | string[]>;
}

/** Checks the first bytes as they stream past; anything that is not media is refused before it lands. */
function sniffer(onType: (type: SniffedType) => void): Transform {
  let head = Buffer.alloc(0);
  let decided = false;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (!decided) {
        head = Buffer.concat([head, chunk]);
        if (head.length < 64) return done();
        decided = true;
        const type = sniffMediaType(head);
        if (!type) return done(new AppError('unsupported_media_type', 'The file is not a video, image or audio format Cinemood accepts'));
        onType(type);
        return done(null, head);
      }
      done(null, chunk);
    },
    flush(done) {
      if (decided) return done();
      const type = sniffMediaType(head);
      if (!type) return done(new AppError('unsupported_media_type', 'The file is not a video, image or audio format Cinemood accepts'));
      onType(type);
      done(null, head);
    },
  });
}

/** Streams one multipart file into `dir` (never whole into memory), size-capped and sniffed. */
export async function receiveUpload(request: Request, dir: string): Promise<ReceivedUpload> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
    throw new AppError('unsupported_media_type', 'Send the file as multipart/form-data with a "file" field');
  }
  const max = maxUploadBytes();
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > max + 64 * 1024) throw new AppError('payload_too_large', `The upload is larger than the ${max}-byte limit`, { max_bytes: max });
  if (!request.body) throw new AppError('bad_request', 'The request has no body');

  const fields: Record<string, string | string[]> = {};
  const target = path.join(dir, 'upload');
  let type: SniffedType | null = null;
  let filename = '';
  let fileDone: Promise<void> | null = null;

  let busboy: Busboy.Busboy;
  try {
    busboy = Busboy({ headers: { 'content-type': contentType }, limits: { files: 1, fileSize: max, fields: 20, fieldSize: 10_000 } });
  } catch {
    throw new AppError('bad_request', 'The multipart body is malformed');
  }
  busboy.on('field', (name, value) => {
    const seen = Object.hasOwn(fields, name) ? fields[name] : undefined;
    fields[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  });
  busboy.on('file', (name, stream, info) => {
    if (name !== 'file' || fileDone) {
      stream.resume();
      return;
    }
    filename = info.filename ?? '';
    fileDone = new Promise<void>((resolve, reject) => {
      const sniff = sniffer((t) => (type = t));
      const out = createWriteStream(target);
      let failed = false;
      // On a refusal the rest of the part is drained, not destroyed: busboy must still reach the end.
      const fail = (err: unknown) => {
        if (failed) return;
        failed = true;
        stream.unpipe(sniff);
        sniff.destroy();
        out.destroy();
        stream.resume();
        reject(err);
      };
      sniff.on('error', fail);
      out.on('error', fail);
      stream.on('error', fail);
      stream.on('limit', () => fail(new AppError('payload_too_large', `The upload is larger than the ${max}-byte limit`, { max_bytes: max })));
      out.on('finish', () => {
        if (!failed) resolve();
      });
      stream.pipe(sniff).pipe(out);
    });
    fileDone.catch(() => {});
  });
  try {
    await pipeline(Readable.fromWeb(request.body as import('node:stream/web').ReadableStream), busboy);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('bad_request', 'The multipart body is malformed or was cut off');
  }
  if (!fileDone) throw new AppError('unprocessable_entity', 'The form has no "file" field', [{ path: 'file', message: 'required' }]);
  await fileDone;
  if (!type) throw new AppError('unsupported_media_type', 'The file is empty or not a recognised media format');
  return { file: target, type, filename: filename.slice(0, 200), fields };
}

export function unreadableUpload(err: unknown): never {
  if (err instanceof MediaError) throw new AppError('unprocessable_entity', 'The file could not be read as audio, video or an image');
  throw err;
}
