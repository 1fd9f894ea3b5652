import type { FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';

export interface StoredObject {
  key: string;
  size: number;
  modifiedAt: Date;
  /** Strong validator derived from the stored bytes' identity (size + modification time). */
  etag: string;
}

export interface ByteRange {
  start: number;
  /** Inclusive, as in HTTP. */
  end: number;
}

export interface PutOptions {
  /** Refuse (and remove) anything larger: the caller's size cap. */
  maxBytes?: number;
  contentType?: string;
}

export interface SignedUrlOptions {
  /** Seconds the URL stays valid. */
  expiresIn: number;
  /** Sent back by the store as the response's headers, as the app would have sent them itself. */
  contentType?: string;
  contentDisposition?: string;
  cacheControl?: string;
}

/** The one storage interface: local disk (local.ts) and S3 (s3.ts) implement it. */
export interface Storage {
  readonly backend: string;
  put(key: string, body: Readable | Iterable<Uint8Array> | AsyncIterable<Uint8Array>, options?: PutOptions): Promise<StoredObject>;
  read(key: string, range?: ByteRange): Promise<Readable>;
  stat(key: string): Promise<StoredObject | null>;
  delete(key: string): Promise<boolean>;
  list(prefix: string): Promise<StoredObject[]>;
  /** Moves an object without copying bytes where the backend allows it. */
  rename(from: string, to: string): Promise<StoredObject>;
  healthy(): Promise<boolean>;
  /** Why the backend cannot be used, in words for an operator (never a secret); null when it can. */
  diagnose(): Promise<string | null>;
  /** A URL a browser can GET the object from directly, without the app (S3 presigned GET). */
  signedUrl?(key: string, options: SignedUrlOptions): Promise<string>;
  /** Where the bytes already sit on this machine, if they do: lets ffmpeg read them without a copy. */
  localPath?(key: string): string;
  /**
   * The object opened as a local file, where it is one (local disk): lets the web server send its
   * bytes from reused buffers instead of a stream. Backends without files leave it out; `read` is
   * what every backend has. The caller closes the handle.
   */
  openFile?(key: string): Promise<FileHandle>;
}
