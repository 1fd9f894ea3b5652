import { useId, useState, type KeyboardEvent } from 'react';
import type { AssetView } from '@/lib/api/contracts/media';
import type { AssetChanges } from '@/components/media-api';

interface EditorProps {
  asset: AssetView;
  onSave: (changes: AssetChanges) => void;
}

const INPUT = 'mt-1 block w-full rounded-md border border-ink-700 bg-ink-950 px-3 py-2 text-zinc-100 placeholder:text-ink-500 focus:border-glow-400';

/** "a, b,,  c, a" → ["a", "b", "c"]. */
export function parseTags(input: string): string[] {
  return [...new Set(input.split(',').map((tag) => tag.trim()).filter(Boolean))];
}

/**
 * A field that edits one saved value: the draft exists only while the user types,
 * Enter or leaving the field saves it, Escape throws it away.
 */
function useCommittedDraft(saved: string, commit: (draft: string) => void) {
  const [draft, setDraft] = useState<string | null>(null);
  return {
    value: draft ?? saved,
    onChange: (value: string) => setDraft(value),
    onBlur: () => {
      if (draft !== null) commit(draft);
      setDraft(null);
    },
    onKeyDown: (event: KeyboardEvent<HTMLInputElement>) => {
      if (event.key === 'Enter') event.currentTarget.blur();
      if (event.key === 'Escape') setDraft(null);
    },
  };
}

export function TitleField({ asset, onSave }: EditorProps) {
  const id = useId();
  const field = useCommittedDraft(asset.title, (draft) => {
    if (draft.trim() !== asset.title) onSave({ title: draft.trim() });
  });
  return (
    <div>
      <label htmlFor={id} className="text-sm text-ink-300">
        Title
      </label>
      <input
        id={id}
        value={field.value}
        maxLength={200}
        placeholder="Untitled"
        onChange={(event) => field.onChange(event.currentTarget.value)}
        onBlur={field.onBlur}
        onKeyDown={field.onKeyDown}
        className={INPUT}
      />
    </div>
  );
}

export function TagsField({ asset, onSave }: EditorProps) {
  const id = useId();
  const hintId = useId();
  const field = useCommittedDraft(asset.tags.join(', '), (draft) => {
    const tags = parseTags(draft);
    if (tags.join('\n') !== asset.tags.join('\n')) onSave({ tags });
  });
  return (
    <div>
      <label htmlFor={id} className="text-sm text-ink-300">
        Tags
      </label>
      <input
        id={id}
        value={field.value}
        aria-describedby={hintId}
        placeholder="e.g. rain, night, teaser"
        onChange={(event) => field.onChange(event.currentTarget.value)}
        onBlur={field.onBlur}
        onKeyDown={field.onKeyDown}
        className={INPUT}
      />
      <p id={hintId} className="mt-1 text-xs text-ink-500">
        Separate tags with commas; Enter saves.
      </p>
    </div>
  );
}

export function PinToggle({ asset, onSave }: EditorProps) {
  return (
    <button
      type="button"
      aria-pressed={asset.pinned}
      onClick={() => onSave({ pinned: !asset.pinned })}
      className={`inline-flex items-center gap-1.5 rounded-md border px-3 py-2 text-sm transition ${
        asset.pinned ? 'border-glow-400 bg-glow-400/10 text-glow-400' : 'border-ink-700 text-zinc-200 hover:border-ink-500'
      }`}
    >
      <span aria-hidden>{asset.pinned ? '★' : '☆'}</span>
      Pin
    </button>
  );
}
