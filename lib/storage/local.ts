import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '@/lib/errors';
import { assertValidKey, assertValidPrefix } from '@/lib/storage/keys';
import { sizeCap } from '@/lib/storage/size-cap';
import type { ByteRange, PutOptions, Storage, StoredObject } from '@/lib/storage/types';

function describe(key: string, stat: { size: number; mtime: Date; mtimeMs: number }): StoredObject {
  return { key, size: stat.size, modifiedAt: stat.mtime, etag: `"${Math.floor(stat.mtimeMs).toString(16)}-${stat.size.toString(16)}"` };
}

/** Objects as plain files under `<root>/objects`; writes land in a temp file and are renamed into place. */
export class LocalStorage implements Storage {
  readonly backend = 'local';
  private readonly objects: string;
  private readonly incoming: string;

  constructor(root: string) {
    this.objects = path.join(root, 'objects');
    this.incoming = path.join(root, 'incoming');
  }

  private pathOf(key: string): string {
    assertValidKey(key);
    return path.join(/*turbopackIgnore: true*/ this.objects, ...key.split('/'));
  }

  async put(key: string, body: Readable | Iterable<Uint8Array> | AsyncIterable<Uint8Array>, options: PutOptions = {}): Promise<StoredObject> {
    const target = this.pathOf(key);
    await fs.mkdir(this.incoming, { recursive: true });
    const temp = path.join(this.incoming, randomUUID());
    const source = body instanceof Readable ? body : Readable.from(body);
    try {
      const sink = createWriteStream(temp, { flags: 'wx' });
      if (options.maxBytes) await pipeline(source, sizeCap(options.maxBytes), sink);
      else await pipeline(source, sink);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.rename(temp, target);
    } catch (err) {
      await fs.rm(temp, { force: true });
      throw err;
    }
    return describe(key, await fs.stat(target));
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const handle = await this.openFile(key);
    // The stream owns the handle and closes it when it ends or is destroyed.
    return handle.createReadStream({ start: range?.start, end: range?.end, highWaterMark: 1024 * 1024 });
  }

  async openFile(key: string): Promise<fs.FileHandle> {
    return fs.open(this.pathOf(key), 'r').catch((err: NodeJS.ErrnoException) => {
      throw err.code === 'ENOENT' ? new AppError('not_found', 'stored object not found') : err;
    });
  }

  async stat(key: string): Promise<StoredObject | null> {
    try {
      const s = await fs.stat(this.pathOf(key));
      return s.isFile() ? describe(key, s) : null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<boolean> {
    try {
      await fs.unlink(this.pathOf(key));
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }

  async list(prefix: string): Promise<StoredObject[]> {
    assertValidPrefix(prefix);
    const out: StoredObject[] = [];
    const walk = async (dir: string, rel: string): Promise<void> => {
      const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const key = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (`${key}/`.startsWith(prefix) || prefix.startsWith(`${key}/`)) await walk(path.join(dir, entry.name), key);
        } else if (entry.isFile() && key.startsWith(prefix)) {
          out.push(describe(key, await fs.stat(path.join(dir, entry.name))));
        }
      }
    };
    await walk(this.objects, '');
    return out.sort((a, b) => a.key.localeCompare(b.key));
  }

  async rename(from: string, to: string): Promise<StoredObject> {
    const target = this.pathOf(to);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.rename(this.pathOf(from), target).catch((err: NodeJS.ErrnoException) => {
      throw err.code === 'ENOENT' ? new AppError('not_found', 'stored object not found') : err;
    });
    return describe(to, await fs.stat(target));
  }

  localPath(key: string): string {
    return this.pathOf(key);
  }

  async healthy(): Promise<boolean> {
    return (await this.diagnose()) === null;
  }

  async diagnose(): Promise<string | null> {
    try {
      await fs.mkdir(this.objects, { recursive: true });
      await fs.access(this.objects, fs.constants.W_OK);
      return null;
    } catch (err) {
      return `the storage folder ${this.objects} is not writable (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
    }
  }
}
