'use client';

import Link from 'next/link';
import { useRef } from 'react';
import { formatMegabytes } from './media-format';
import { useUploads, type Upload } from './use-uploads';
import { useFileDrop } from '@/components/use-file-drop';

const ACCEPT = 'video/*,image/*,audio/*';

function UploadItem({ upload, onDismiss }: { upload: Upload; onDismiss: () => void }) {
  const percent = Math.round(upload.progress * 100);
  return (
    <li data-testid="upload-item" data-state={upload.state} className="rounded-lg border border-ink-800 bg-ink-950 px-3 py-2.5">
      <div className="flex items-center gap-3">
        <p className="min-w-0 flex-1 truncate text-sm text-zinc-100" title={upload.name}>
          {upload.name}
          <span className="ml-2 text-xs tabular-nums text-ink-500">{formatMegabytes(upload.size)}</span>
        </p>
        {upload.state === 'done' && upload.assetId && (
          <Link href={`/library/${upload.assetId}`} className="shrink-0 text-xs text-glow-400 hover:text-glow-500">
            Open
          </Link>
        )}
        <button
          type="button"
          onClick={onDismiss}
          aria-label={`${upload.state === 'uploading' ? 'Cancel' : 'Dismiss'} ${upload.name}`}
          className="shrink-0 rounded-md border border-ink-700 px-2 py-0.5 text-xs text-ink-300 transition hover:border-ink-500 hover:text-zinc-50"
        >
          {upload.state === 'uploading' ? 'Cancel' : 'Dismiss'}
        </button>
      </div>
      {upload.state === 'uploading' && (
        <div className="mt-2 flex items-center gap-3">
          <div
            role="progressbar"
            aria-label={`Uploading ${upload.name}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            className="h-1.5 min-w-0 flex-1 overflow-hidden rounded-full bg-ink-800"
          >
            <div className="h-full rounded-full bg-glow-400 transition-[width] duration-200" style={{ width: `${percent}%` }} />
          </div>
          <span className="w-9 shrink-0 text-right text-xs tabular-nums text-ink-300">{percent}%</span>
        </div>
      )}
      {upload.state === 'done' && <p className="mt-1 text-xs text-emerald-300">Uploaded</p>}
      {upload.state === 'failed' && (
        <p role="alert" className="mt-1 text-xs text-intimate">
          {upload.error}
        </p>
      )}
    </li>
  );
}

export function UploadZone() {
  const inputRef = useRef<HTMLInputElement>(null);
  const { dragging, handlers } = useFileDrop((files) => start(files));
  const { uploads, start, dismiss } = useUploads();


  return (
    <section aria-labelledby="upload-heading" className="rounded-2xl border border-ink-800 bg-ink-900 p-4 sm:p-5">
      <h2 id="upload-heading" className="sr-only">
        Upload
      </h2>
      <div
        data-testid="drop-zone"
        data-dragging={dragging}
        {...handlers}
        className={`flex flex-col items-center gap-3 rounded-xl border-2 border-dashed px-4 py-8 text-center transition sm:flex-row sm:justify-between sm:text-left ${
          dragging ? 'border-glow-400 bg-glow-400/10' : 'border-ink-700'
        }`}
      >
        <div>
          <p className="text-zinc-100">{dragging ? 'Drop to upload' : 'Drop video, image or audio files here'}</p>
          <p className="mt-1 text-sm text-ink-500">They are checked, stored and get a poster and preview strip.</p>
        </div>
        <button
          type="button"
          onClick={() => inputRef.current?.click()}
          className="shrink-0 rounded-md bg-glow-400 px-4 py-2 text-sm font-medium text-ink-950 transition hover:bg-glow-500"
        >
          Choose files
        </button>
        <input
          ref={inputRef}
          data-testid="upload-input"
          type="file"
          multiple
          accept={ACCEPT}
          hidden
          onChange={(event) => {
            start(Array.from(event.currentTarget.files ?? []));
            // Clearing lets the same file be picked again after a failure.
            event.currentTarget.value = '';
          }}
        />
      </div>
      {uploads.length > 0 && (
        <ul aria-label="Uploads" className="mt-4 space-y-2">
          {uploads.map((upload) => (
            <UploadItem key={upload.key} upload={upload} onDismiss={() => dismiss(upload.key)} />
          ))}
        </ul>
      )}
    </section>
  );
}
