import { useState, type ReactNode } from 'react';
import type { Catalog, StrategyResponse } from '@/lib/strategy';
import { GenerateBar, type GenerateInputs } from './generate-bar';
import { VariationCard } from './variation-card';

interface VariationPreviewProps {
  catalog: Catalog;
  plan: StrategyResponse | undefined;
  error: Error | null;
  updating: boolean;
  /** With no prompt there is nothing to plan; old cards would mislead. */
  blank: boolean;
  expectedCount: number;
  seed: string;
  onShuffle: () => void;
  generateInputs: GenerateInputs;
}

const GRID = 'mt-6 grid gap-4 md:grid-cols-2 lg:grid-cols-3';

function Skeleton({ count }: { count: number }) {
  return (
    <ol aria-hidden className={GRID}>
      {Array.from({ length: count }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: identical placeholders; a place is all they have.
        <li key={i} className="h-96 animate-pulse rounded-xl border border-ink-800 bg-ink-900" />
      ))}
    </ol>
  );
}

export function VariationPreview({ catalog, plan, error, updating, blank, expectedCount, seed, onShuffle, generateInputs }: VariationPreviewProps) {
  // A selection belongs to the plan it was made on: a new plan starts unselected,
  // and returning to a cached plan brings its selection back.
  const [selection, setSelection] = useState<{ plan: StrategyResponse; index: number } | null>(null);
  const selectedIndex = plan && selection?.plan === plan ? selection.index : null;
  const select = (index: number | null) => setSelection(plan && index !== null ? { plan, index } : null);
  // Only a card on screen can be rendered: a blank prompt or an error hides the (kept) plan.
  const renderable = plan && selectedIndex !== null && !blank && !error ? plan.variations[selectedIndex] : null;

  let body: ReactNode;
  if (blank) {
    body = <p className="mt-6 rounded-xl border border-dashed border-ink-700 p-8 text-center text-ink-300">Write a prompt to see its shot plan.</p>;
  } else if (error) {
    body = (
      <p role="alert" className="mt-6 rounded-xl border border-intimate/40 bg-intimate/10 px-4 py-3 text-sm text-intimate">
        {error.message}
      </p>
    );
  } else if (!plan) {
    body = <Skeleton count={expectedCount} />;
  } else {
    body = (
      <ol className={`${GRID} transition-opacity duration-200 ${updating ? 'opacity-60' : ''}`}>
        {plan.variations.map((variation, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: variations have no id; "Variation N" and the selection are by place, and a new plan replaces the list.
          <li key={index}>
            <VariationCard
              variation={variation}
              number={index + 1}
              cameras={catalog.cameras}
              lighting={catalog.lighting}
              selected={selectedIndex === index}
              onToggle={() => select(selectedIndex === index ? null : index)}
              onSelect={() => select(index)}
            />
          </li>
        ))}
      </ol>
    );
  }

  return (
    <section aria-labelledby="plan-heading" aria-busy={updating} className="mt-10">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="plan-heading" className="text-sm uppercase tracking-[0.2em] text-ink-300">
            Shot plan
          </h2>
          <p className="mt-1 text-xs text-ink-500">
            Seed <code data-testid="plan-seed" className="text-ink-300">{seed}</code> · the same seed and inputs always give the same plan
          </p>
        </div>
        <div className="flex items-center gap-3">
          <span aria-hidden className={`text-xs text-glow-400 transition-opacity ${updating ? 'animate-pulse opacity-100' : 'opacity-0'}`}>
            Updating…
          </span>
          <button
            type="button"
            onClick={onShuffle}
            className="rounded-md border border-ink-700 px-4 py-2 text-sm text-zinc-200 transition hover:border-glow-400"
          >
            Shuffle
          </button>
        </div>
      </div>
      {body}
      <GenerateBar
        inputs={generateInputs}
        variation={renderable}
        selectedNumber={renderable && selectedIndex !== null ? selectedIndex + 1 : null}
        seed={plan?.seed}
        planUpdating={updating}
      />
    </section>
  );
}
