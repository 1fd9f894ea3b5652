import type { ReactNode } from 'react';

interface RadioChipProps {
  name: string;
  value: string;
  checked: boolean;
  onSelect: () => void;
  /** Tighter padding, for chips that hold a single digit. */
  dense?: boolean;
  children: ReactNode;
}

/** A native radio button dressed as a chip: arrow keys move through the group without extra code. */
export function RadioChip({ name, value, checked, onSelect, dense = false, children }: RadioChipProps) {
  return (
    <label className="relative block h-full cursor-pointer">
      <input type="radio" name={name} value={value} checked={checked} onChange={onSelect} className="peer sr-only" />
      <span
        className={`block h-full rounded-lg border border-ink-700 bg-ink-950 py-2 ${dense ? 'px-1' : 'px-3'} text-sm text-ink-300 transition hover:border-ink-500 peer-checked:border-glow-400 peer-checked:bg-glow-400/10 peer-checked:text-zinc-50 peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-glow-400`}
      >
        {children}
      </span>
    </label>
  );
}
