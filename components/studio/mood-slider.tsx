import type { CategoryDescription } from '@/lib/strategy';
import { categoryForMood } from './catalog-lookup';
import { CATEGORY_STYLES } from './category-styles';

interface MoodSliderProps {
  categories: readonly CategoryDescription[];
  value: number;
  onChange: (mood: number) => void;
}

const spanOf = ({ mood_range: { min, max } }: CategoryDescription) => `${max - min}%`;

/*
 * The thumb is restyled through vendor pseudo-elements; the track stays transparent
 * so the coloured band underneath shows through. The input is exactly as tall as the
 * thumb, so the band can centre on the input without knowing how browsers place the
 * thumb. `inset-x-3`/`mx-3` is half the thumb width: how far the thumb's centre stops
 * short of each edge, which keeps band and labels aligned with the values.
 */
const THUMB =
  '[&::-webkit-slider-thumb]:size-6 [&::-webkit-slider-thumb]:appearance-none [&::-webkit-slider-thumb]:rounded-full [&::-webkit-slider-thumb]:border-[3px] [&::-webkit-slider-thumb]:border-zinc-50 [&::-webkit-slider-thumb]:bg-current [&::-webkit-slider-thumb]:shadow-lg ' +
  '[&::-moz-range-thumb]:size-6 [&::-moz-range-thumb]:rounded-full [&::-moz-range-thumb]:border-[3px] [&::-moz-range-thumb]:border-zinc-50 [&::-moz-range-thumb]:bg-current [&::-moz-range-track]:bg-transparent';

export function MoodSlider({ categories, value, onChange }: MoodSliderProps) {
  const current = categoryForMood(categories, value);
  const style = CATEGORY_STYLES[current.id];

  return (
    <section aria-labelledby="mood-heading" className="rounded-2xl border border-ink-800 bg-ink-900 p-5 sm:p-6">
      <div className="flex items-end justify-between gap-4">
        <div className="min-w-0">
          <h2 id="mood-heading" className="text-xs uppercase tracking-[0.2em] text-ink-300">
            Mood
          </h2>
          <p
            data-testid="mood-category"
            data-category={current.id}
            className={`mt-2 font-[family-name:var(--font-display)] text-3xl transition-colors sm:text-4xl ${style.text}`}
          >
            {current.label}
          </p>
        </div>
        <p aria-hidden className="font-[family-name:var(--font-display)] text-4xl tabular-nums text-zinc-50 sm:text-5xl">
          {value}
        </p>
      </div>
      <p className="mt-2 min-h-10 text-sm text-ink-300">{current.description}</p>

      <div className="relative mt-6">
        <div aria-hidden className="absolute inset-x-3 top-1/2 flex h-2 -translate-y-1/2 overflow-hidden rounded-full">
          {categories.map((category) => (
            <span
              key={category.id}
              style={{ width: spanOf(category) }}
              className={`${CATEGORY_STYLES[category.id].bg} transition-opacity ${category.id === current.id ? 'opacity-100' : 'opacity-30'}`}
            />
          ))}
        </div>
        <input
          type="range"
          min={0}
          max={100}
          step={1}
          value={value}
          onChange={(event) => onChange(event.currentTarget.valueAsNumber)}
          aria-label="Mood"
          aria-valuetext={`${value} – ${current.label}`}
          className={`relative block h-6 w-full cursor-pointer appearance-none bg-transparent ${style.text} ${THUMB}`}
        />
      </div>

      <ol className="mx-3 mt-2 flex text-xs">
        {categories.map((category) => (
          <li
            key={category.id}
            style={{ width: spanOf(category) }}
            className={`min-w-0 border-l border-ink-700 pl-1.5 transition-opacity ${category.id === current.id ? 'opacity-100' : 'opacity-60'}`}
          >
            <span className={`block leading-tight ${CATEGORY_STYLES[category.id].text}`}>{category.label}</span>
            <span className="block tabular-nums text-ink-500">
              {category.mood_range.min}–{category.mood_range.max}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
