import { randomUUID } from 'node:crypto';
import { AppError } from '@/lib/errors';

const KEY = /^[a-z0-9]+(?:[a-z0-9_.-]*[a-z0-9])?(?:\/[a-z0-9]+(?:[a-z0-9_.-]*[a-z0-9])?)*$/;
const PREFIX = /^(?:[a-z0-9]+(?:[a-z0-9_.-]*[a-z0-9])?\/?)*$/;

/** Keys are generated here only; nothing a client sends ever becomes a path. */
export function newStorageKey(area: 'videos' | 'images' | 'audio' | 'derived' | 'tmp', extension: string): string {
  const ext = extension.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 8) || 'bin';
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
  return `${area}/${day}/${randomUUID()}.${ext}`;
}

export function assertValidKey(key: string): void {
  if (key.length > 300 || !KEY.test(key) || key.split('/').some((s) => s === '.' || s === '..' || s.includes('..'))) {
    throw new AppError('internal_error', 'invalid storage key');
  }
}

export function assertValidPrefix(prefix: string): void {
  if (prefix.length > 300 || !PREFIX.test(prefix) || prefix.includes('..')) throw new AppError('internal_error', 'invalid storage prefix');
}
