import { Transform } from 'node:stream';
import { AppError } from '@/lib/errors';

/** Passes bytes through until more than `maxBytes` went by, then fails: the cap holds while streaming, whatever the backend. */
export function sizeCap(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > maxBytes) done(new AppError('payload_too_large', `the file is larger than the ${maxBytes}-byte limit`, { max_bytes: maxBytes }));
      else done(null, chunk);
    },
  });
}
