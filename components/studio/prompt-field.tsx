import { useId } from 'react';

interface PromptFieldProps {
  value: string;
  maxLength: number;
  onChange: (prompt: string) => void;
}

export function PromptField({ value, maxLength, onChange }: PromptFieldProps) {
  const id = useId();
  const blank = value.trim() === '';
  return (
    <div className="flex flex-col">
      <label htmlFor={id} className="text-xs uppercase tracking-[0.2em] text-ink-300">
        Prompt
      </label>
      <textarea
        id={id}
        value={value}
        maxLength={maxLength}
        rows={5}
        placeholder="e.g. A perfume bottle turning slowly on wet black marble"
        onChange={(event) => onChange(event.currentTarget.value)}
        className="mt-3 min-h-32 flex-1 resize-y rounded-lg border border-ink-700 bg-ink-950 px-4 py-3 text-base leading-relaxed text-zinc-50 placeholder:text-ink-500 focus:border-glow-400"
      />
      <p className="mt-2 flex justify-between gap-3 text-xs text-ink-500">
        <span>{blank ? 'Describe the scene to see its shot plan.' : 'Describe the scene; the mood decides how it is shot.'}</span>
        <span className="tabular-nums">
          {value.length} / {maxLength}
        </span>
      </p>
    </div>
  );
}
