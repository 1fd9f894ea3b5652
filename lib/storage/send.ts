import { readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type http from 'node:http';
import { Readable } from 'node:stream';
import { type StoredBody, storedBodyOf } from '@/lib/storage/serve';

// Writes a route handler's Response to a Node socket (scripts/media.ts). The handler decided the
// status and the headers; this only moves the bytes. A stored object's bytes skip the web stream
// its Response carries (no chunk is copied into a web stream and back):
// - a local file is read into reused 512 KiB buffers and each buffer is written as it is. Reads
//   from the page cache are done in place, as nginx does: read and written on one core while the
//   bytes are still in its cache, which measured faster than handing each read to the thread pool
//   (bench/serve.ts). A read that had to go to the disk switches reads to the thread pool for
//   POOL_MS, so a cold disk holds up the event loop for one read at most, not for a whole file.
//   A connection holds at most SYNC_DEPTH (POOL_DEPTH) buffers, and a client that left stops the reads;
// - any other backend's stream (no local file) is piped.

const CHUNK = 512 * 1024;
const SYNC_DEPTH = 2;
const POOL_DEPTH = 4;
const SLOW_READ_MS = 20;
const POOL_MS = 10_000;
/** Free buffers kept for the next reads; beyond this they go back to the garbage collector. */
const MAX_IDLE = 64;

const idle: ArrayBuffer[] = [];
let poolUntil = 0;

function takeBuffer(length: number): Buffer {
  return Buffer.from(idle.pop() ?? new ArrayBuffer(CHUNK), 0, length);
}

function giveBack(buffer: Buffer): void {
  if (idle.length < MAX_IDLE && buffer.buffer.byteLength === CHUNK) idle.push(buffer.buffer as ArrayBuffer);
}

/**
 * Reads in place, and moves reads to the thread pool for a while when this one had to wait for
 * the disk: it made the kernel fetch blocks (the process's block-input count grew), or it was
 * slow anyway (a network filesystem does not count its reads as block input).
 */
function readInPlace(handle: FileHandle, buffer: Buffer, position: number): number {
  const blocksBefore = process.resourceUsage().fsRead;
  const started = performance.now();
  const bytesRead = readSync(handle.fd, buffer, 0, buffer.length, position);
  const finished = performance.now();
  if (process.resourceUsage().fsRead !== blocksBefore || finished - started > SLOW_READ_MS) poolUntil = finished + POOL_MS;
  return bytesRead;
}

/** Sends reads to the thread pool for the next `ms`, as a read from the disk does (tests take that path with it). */
export function readFromThreadPoolFor(ms: number): void {
  poolUntil = performance.now() + ms;
}

interface Slot {
  buffer: Buffer;
  read: boolean;
}

/** Sends the inclusive byte range of an open file, in order, and closes the body when the response closes. */
function sendFile(res: http.ServerResponse, handle: FileHandle, start: number, end: number, body: StoredBody): void {
  let next = start;
  let writing = 0;
  let draining = false;
  const slots: Slot[] = [];

  res.on('close', () => {
    for (const slot of slots.splice(0)) if (slot.read) giveBack(slot.buffer);
    body.close();
  });
  // A file that shrank or failed under us cannot fill the promised Content-Length: cut the connection.
  const fail = () => {
    if (!body.isClosed) res.destroy();
  };
  const written = (buffer: Buffer) => () => {
    writing--;
    giveBack(buffer);
    pump();
  };
  const drained = () => {
    draining = false;
    pump();
  };

  function pump(): void {
    while (!body.isClosed) {
      // Write what is read, in order, while the socket takes it.
      while (slots.length > 0 && slots[0].read && !draining) {
        const { buffer } = slots.shift() as Slot;
        writing++;
        if (!res.write(buffer, written(buffer))) {
          draining = true;
          res.once('drain', drained);
        }
      }
      if (next > end) {
        if (slots.length === 0 && !res.writableEnded) res.end();
        return;
      }
      const inPlace = performance.now() >= poolUntil;
      if (slots.length + writing >= (inPlace ? SYNC_DEPTH : POOL_DEPTH)) return;
      const length = Math.min(CHUNK, end - next + 1);
      const slot: Slot = { buffer: takeBuffer(length), read: false };
      const position = next;
      next += length;
      slots.push(slot);
      if (!inPlace) {
        handle.read(slot.buffer, 0, length, position).then(({ bytesRead }) => {
          if (body.isClosed) return giveBack(slot.buffer);
          if (bytesRead !== length) return fail();
          slot.read = true;
          pump();
        }, fail);
        continue;
      }
      let complete = false;
      try {
        complete = readInPlace(handle, slot.buffer, position) === length;
      } catch {
        // Reported below, as a short read.
      }
      if (!complete) {
        fail();
        return;
      }
      slot.read = true;
    }
  }
  pump();
}

/** Writes `response` to `res`: status and headers as they are, then the body (none for HEAD). */
export async function sendResponse(response: Response, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = name === 'set-cookie' ? response.headers.getSetCookie() : value;
  });
  const stored = storedBodyOf(response);
  res.writeHead(response.status, headers);
  if (!response.body || req.method === 'HEAD') {
    stored?.close();
    res.end();
    return;
  }
  const file = stored?.file;
  if (stored && file) return sendFile(res, file.handle, file.range.start, file.range.end, stored);
  const body = stored ? stored.toStream() : Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
  body.on('error', () => res.destroy());
  res.on('close', () => body.destroy());
  body.pipe(res);
}
