import { useId, useState, type MouseEvent } from 'react';
import type { CameraMovement, CatalogItem, Lighting, StrategyVariation } from '@/lib/strategy';
import { AspectFrame } from './aspect-frame';
import { describeItem } from './catalog-lookup';
import { CATEGORY_STYLES } from './category-styles';

interface VariationCardProps {
  variation: StrategyVariation;
  number: number;
  cameras: readonly CatalogItem<CameraMovement>[];
  lighting: readonly CatalogItem<Lighting>[];
  selected: boolean;
  onToggle: () => void;
  onSelect: () => void;
}

/** Roughly five lines of card text; shorter prompts show in full without an expand control. */
const CLAMP_AFTER_CHARS = 280;

function Detail({ term, item }: { term: string; item: CatalogItem<string> }) {
  return (
    <div>
      <dt className="text-[11px] uppercase tracking-[0.18em] text-ink-500">{term}</dt>
      <dd className="text-zinc-50">{item.label}</dd>
      {item.description && <dd className="text-xs text-ink-300">{item.description}</dd>}
    </div>
  );
}

export function VariationCard({ variation, number, cameras, lighting, selected, onToggle, onSelect }: VariationCardProps) {
  const headingId = useId();
  const [expanded, setExpanded] = useState(false);
  const style = CATEGORY_STYLES[variation.mood_category];
  const clampable = variation.enriched_prompt.length > CLAMP_AFTER_CHARS;

  // A click anywhere on the card selects it; its own buttons handle their clicks themselves.
  const selectOnCardClick = (event: MouseEvent<HTMLElement>) => {
    if (!(event.target as Element).closest('button')) onSelect();
  };

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a pointer shortcut only; the card's Select button, a tab stop, does the same from the keyboard.
    <article
      data-testid="variation-card"
      data-category={variation.mood_category}
      data-selected={selected}
      aria-labelledby={headingId}
      onClick={selectOnCardClick}
      className={`flex h-full cursor-pointer flex-col rounded-xl border p-5 transition ${
        selected ? `${style.border} ${style.tint}` : 'border-ink-800 bg-ink-900 hover:border-ink-700'
      }`}
    >
      <header className="flex items-center justify-between gap-3">
        <h3 id={headingId} className="flex items-center gap-2 text-xs uppercase tracking-[0.2em] text-ink-300">
          <span aria-hidden className={`h-2 w-2 rounded-full ${style.bg}`} />
          Variation {number}
        </h3>
        <button
          type="button"
          aria-pressed={selected}
          aria-label={`Select variation ${number}`}
          onClick={onToggle}
          className={`rounded-md border px-3 py-1 text-xs transition ${
            selected ? `${style.border} ${style.text}` : 'border-ink-700 text-ink-300 hover:border-ink-500 hover:text-zinc-50'
          }`}
        >
          {selected ? 'Selected ✓' : 'Select'}
        </button>
      </header>

      <div className="mt-4 flex gap-4">
        <AspectFrame ratio={variation.aspect_ratio} size={88} captioned />
        <dl className="min-w-0 flex-1 space-y-2.5 text-sm">
          <Detail term="Camera" item={describeItem(cameras, variation.camera_movement)} />
          <Detail term="Light" item={describeItem(lighting, variation.lighting)} />
          <div>
            <dt className="text-[11px] uppercase tracking-[0.18em] text-ink-500">Duration</dt>
            <dd className="tabular-nums text-zinc-50">{variation.duration} s</dd>
          </div>
        </dl>
      </div>

      <p className={`mt-4 text-sm leading-relaxed text-zinc-200 ${clampable && !expanded ? 'line-clamp-5' : ''}`}>
        {variation.enriched_prompt}
      </p>
      {clampable && (
        <button
          type="button"
          aria-expanded={expanded}
          onClick={() => setExpanded((open) => !open)}
          className="mt-1 self-start text-xs text-glow-400 hover:text-glow-500"
        >
          {expanded ? 'Show less' : 'Show the full prompt'}
        </button>
      )}

      <p className="mt-auto pt-4 text-xs leading-relaxed text-ink-500">{variation.rationale}</p>
    </article>
  );
}
