import { RadioChip } from '@/components/studio/radio-chip';
import type { AssetFilters, AssetType } from '@/components/media-api';

const TYPES: { value: AssetType | ''; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'video', label: 'Video' },
  { value: 'image', label: 'Image' },
  { value: 'audio', label: 'Audio' },
];

interface AssetFilterBarProps {
  value: AssetFilters;
  onChange: (filters: AssetFilters) => void;
}

export function AssetFilterBar({ value, onChange }: AssetFilterBarProps) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-4">
      <fieldset className="min-w-0">
        <legend className="text-xs uppercase tracking-[0.2em] text-ink-300">Type</legend>
        <div className="mt-2 flex flex-wrap gap-1.5">
          {TYPES.map((type) => (
            <RadioChip
              key={type.value}
              name="asset-type"
              value={type.value}
              checked={(value.asset_type ?? '') === type.value}
              onSelect={() => onChange({ ...value, asset_type: type.value || undefined })}
            >
              {type.label}
            </RadioChip>
          ))}
        </div>
      </fieldset>
      <button
        type="button"
        aria-pressed={value.trash}
        onClick={() => onChange({ ...value, trash: !value.trash })}
        className={`rounded-lg border px-3 py-2 text-sm transition ${
          value.trash ? 'border-intimate bg-intimate/10 text-intimate' : 'border-ink-700 text-ink-300 hover:border-ink-500 hover:text-zinc-50'
        }`}
      >
        <svg aria-hidden viewBox="0 0 24 24" className="mr-1.5 inline size-4 fill-none stroke-current" strokeWidth="1.8"><path d="M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13" /></svg>
        Trash
      </button>
    </div>
  );
}
