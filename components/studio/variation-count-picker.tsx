import { RadioChip } from './radio-chip';

interface VariationCountPickerProps {
  max: number;
  value: number;
  onChange: (count: number) => void;
}

export function VariationCountPicker({ max, value, onChange }: VariationCountPickerProps) {
  const counts = Array.from({ length: max }, (_, i) => i + 1);
  return (
    <fieldset>
      <legend className="text-xs uppercase tracking-[0.2em] text-ink-300">Variations</legend>
      <div className="mt-3 grid gap-1.5" style={{ gridTemplateColumns: `repeat(${max}, minmax(0, 1fr))` }}>
        {counts.map((count) => (
          <RadioChip key={count} name="variations" value={String(count)} checked={count === value} onSelect={() => onChange(count)} dense>
            <span className="block text-center tabular-nums">{count}</span>
          </RadioChip>
        ))}
      </div>
    </fieldset>
  );
}
