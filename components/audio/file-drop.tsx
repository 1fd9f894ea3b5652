'use client';

import { useId, useRef, useState } from 'react';
import { formatMegabytes } from '@/components/library/media-format';
import { LABEL } from './form-parts';
import { useFileDrop } from '@/components/use-file-drop';

const ACCEPT = 'audio/*,video/*';

/** Browsers leave `type` empty for some files; the server sniffs those, so only a known non-media type is refused here. */
const isMedia = (file: File) => file.type === '' || file.type.startsWith('audio/') || file.type.startsWith('video/');

interface FileDropProps {
  file: File | null;
  onChange: (file: File | null) => void;
}

/** One audio or video file, dropped or picked — the library's upload zone, for a single file that is sent with the form. */
export function FileDrop({ file, onChange }: FileDropProps) {
  const inputRef = useRef<HTMLInputElement>(null);
  const headingId = useId();
  const { dragging, handlers } = useFileDrop((files) => take(files[0]));
  const [refused, setRefused] = useState<string | null>(null);

  const take = (picked: File | undefined) => {
    if (!picked) return;
    if (!isMedia(picked)) {
      setRefused(`${picked.name} is not an audio or video file.`);
      return;
    }
    setRefused(null);
    onChange(picked);
  };


  return (
    <fieldset aria-labelledby={headingId} className="flex min-w-0 flex-col">
      <p id={headingId} className={LABEL}>
        Recording
      </p>
      <div
        data-testid="transcribe-drop-zone"
        data-dragging={dragging}
        {...handlers}
        className={`mt-3 flex min-h-40 flex-1 flex-col items-center justify-center gap-3 rounded-xl border-2 border-dashed px-4 py-6 text-center transition ${
          dragging ? 'border-glow-400 bg-glow-400/10' : file ? 'border-glow-400/40' : 'border-ink-700'
        }`}
      >
        {file ? (
          <div className="w-full min-w-0">
            <p data-testid="transcribe-file" className="truncate text-zinc-100" title={file.name}>
              <span aria-hidden className="mr-2 text-glow-400">
                ♪
              </span>
              {file.name}
            </p>
            <p className="mt-1 text-xs tabular-nums text-ink-500">
              {formatMegabytes(file.size)}
              {file.type && ` · ${file.type}`}
            </p>
          </div>
        ) : (
          <div>
            <p className="text-zinc-100">{dragging ? 'Drop to choose it' : 'Drop an audio or video file here'}</p>
            <p className="mt-1 text-sm text-ink-500">It is stored in your library, and the transcript appears beside its player.</p>
          </div>
        )}
        <div className="flex flex-wrap justify-center gap-2">
          <button
            type="button"
            onClick={() => inputRef.current?.click()}
            className={
              file
                ? 'rounded-md border border-ink-700 px-4 py-2 text-sm text-zinc-200 transition hover:border-glow-400'
                : 'rounded-md bg-glow-400 px-4 py-2 text-sm font-medium text-ink-950 transition hover:bg-glow-500'
            }
          >
            {file ? 'Choose another' : 'Choose file'}
          </button>
          {file && (
            <button
              type="button"
              onClick={() => onChange(null)}
              aria-label={`Remove ${file.name}`}
              className="rounded-md border border-ink-700 px-4 py-2 text-sm text-ink-300 transition hover:border-ink-500 hover:text-zinc-50"
            >
              Remove
            </button>
          )}
        </div>
        <input
          ref={inputRef}
          data-testid="transcribe-file-input"
          type="file"
          accept={ACCEPT}
          aria-label="Audio or video file"
          hidden
          onChange={(event) => {
            take(event.currentTarget.files?.[0]);
            // Clearing lets the same file be picked again.
            event.currentTarget.value = '';
          }}
        />
      </div>
      {refused && (
        <p role="alert" className="mt-2 text-xs text-intimate">
          {refused}
        </p>
      )}
    </fieldset>
  );
}
