interface GenerateBarProps {
  selectedNumber: number | null;
}

/** Rendering arrives with video jobs; until then the button is honestly disabled. */
export function GenerateBar({ selectedNumber }: GenerateBarProps) {
  return (
    <div className="mt-8 flex flex-col gap-3 rounded-xl border border-ink-800 bg-ink-900 p-4 sm:flex-row sm:items-center sm:justify-between">
      <p className="text-sm text-ink-300">
        {selectedNumber === null ? 'Select the variation you want to render.' : `Variation ${selectedNumber} is selected.`}
      </p>
      <button
        type="button"
        disabled
        className="rounded-md bg-glow-400 px-5 py-2.5 font-medium text-ink-950 disabled:cursor-not-allowed disabled:opacity-40"
      >
        Generate (video jobs arrive next)
      </button>
    </div>
  );
}
