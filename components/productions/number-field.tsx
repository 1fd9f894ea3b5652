import { useId, useState } from 'react';

interface NumberFieldProps {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  onChange: (value: number) => void;
  className: string;
}

/** A value inside the bounds, to two decimals; null while the text is not one yet (the creator is still typing). */
function parseWithin(text: string, min: number, max: number): number | null {
  const value = Number(text);
  return text.trim() !== '' && Number.isFinite(value) && value >= min && value <= max ? Math.round(value * 100) / 100 : null;
}

/** Keeps what is typed (even "1." or an out-of-range value) and hands on only valid numbers; an outside change replaces the text. */
export function NumberField({ label, value, min, max, step, onChange, className }: NumberFieldProps) {
  const id = useId();
  const [text, setText] = useState(String(value));
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    // Adjusting state while rendering: the value changed elsewhere (a reset, another shot selected).
    setShown(value);
    setText(String(value));
  }
  const invalid = parseWithin(text, min, max) === null;

  return (
    <div>
      <label htmlFor={id} className="text-xs uppercase tracking-[0.18em] text-ink-500">
        {label}
      </label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        min={min}
        max={max}
        step={step}
        value={text}
        aria-invalid={invalid || undefined}
        onChange={(event) => {
          const next = event.currentTarget.value;
          setText(next);
          const parsed = parseWithin(next, min, max);
          if (parsed !== null && parsed !== value) {
            setShown(parsed);
            onChange(parsed);
          }
        }}
        onBlur={() => {
          if (invalid) setText(String(value));
        }}
        className={`${className} tabular-nums ${invalid ? 'border-intimate' : ''}`}
      />
      {invalid && (
        <p className="mt-1 text-xs text-intimate">
          Between {min} and {max}.
        </p>
      )}
    </div>
  );
}
