import type { ReactNode } from 'react';
import type { AssetView } from '@/lib/api/contracts/media';
import { formatDateTime, formatDuration, formatMegabytes, TYPE_LABELS } from './media-format';
import { categoryTextClass, labelFor, type StrategyLabels } from './strategy-labels';

const PANEL = 'rounded-2xl border border-ink-800 bg-ink-900 p-5';
const HEADING = 'text-xs uppercase tracking-[0.2em] text-ink-300';

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="flex justify-between gap-4 border-t border-ink-800 py-2 first:border-t-0">
      <dt className="shrink-0 text-ink-500">{term}</dt>
      <dd className="min-w-0 break-words text-right text-zinc-100">{children}</dd>
    </div>
  );
}

export function AssetDetails({ asset }: { asset: AssetView }) {
  return (
    <section aria-labelledby="details-heading" className={PANEL}>
      <h2 id="details-heading" className={HEADING}>
        Details
      </h2>
      <dl data-testid="asset-details" className="mt-3 text-sm">
        <Fact term="Type">{TYPE_LABELS[asset.asset_type]}</Fact>
        <Fact term="Format">
          <code className="text-ink-300">{asset.mime_type}</code>
        </Fact>
        <Fact term="Size">
          <span className="tabular-nums">{formatMegabytes(asset.size_bytes)}</span>
        </Fact>
        {asset.width !== null && asset.height !== null && (
          <Fact term="Dimensions">
            <span className="tabular-nums">
              {asset.width}×{asset.height}
            </span>
          </Fact>
        )}
        {asset.duration_seconds !== null && (
          <Fact term="Duration">
            <span className="tabular-nums">{formatDuration(asset.duration_seconds)}</span>
          </Fact>
        )}
        <Fact term="Source">{asset.source_type}</Fact>
        <Fact term="Created">
          <time dateTime={asset.created_at}>{formatDateTime(asset.created_at)}</time>
        </Fact>
      </dl>
    </section>
  );
}

/** The strategy record is free-form JSON; only string and number fields are shown. */
const text = (value: unknown): string | null => (typeof value === 'string' && value ? value : typeof value === 'number' ? String(value) : null);

export function AssetStrategy({ strategy, labels }: { strategy: Record<string, unknown>; labels: StrategyLabels }) {
  const category = text(strategy.mood_category);
  const camera = text(strategy.camera_movement);
  const lighting = text(strategy.lighting);
  const platform = text(strategy.platform);
  const aspect = text(strategy.aspect_ratio);
  const duration = typeof strategy.duration === 'number' ? strategy.duration : null;
  const prompt = text(strategy.enriched_prompt);

  return (
    <section aria-labelledby="strategy-heading" data-testid="asset-strategy" className={PANEL}>
      <h2 id="strategy-heading" className={HEADING}>
        Made with
      </h2>
      {category && (
        <p data-category={category} className={`mt-3 font-[family-name:var(--font-display)] text-2xl ${categoryTextClass(category)}`}>
          {labelFor(labels.categories, category)}
        </p>
      )}
      <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-3 text-sm sm:grid-cols-3">
        {[
          ['Camera', camera && labelFor(labels.cameras, camera)],
          ['Light', lighting && labelFor(labels.lighting, lighting)],
          ['Platform', platform && labelFor(labels.platforms, platform)],
          ['Aspect', aspect],
          ['Duration', duration !== null ? formatDuration(duration) : null],
        ]
          .filter((entry): entry is [string, string] => Boolean(entry[1]))
          .map(([term, value]) => (
            <div key={term} className="min-w-0">
              <dt className="text-[11px] uppercase tracking-[0.18em] text-ink-500">{term}</dt>
              <dd className="break-words text-zinc-100">{value}</dd>
            </div>
          ))}
      </dl>
      {prompt && (
        <>
          <h3 className="mt-4 text-[11px] uppercase tracking-[0.18em] text-ink-500">Enriched prompt</h3>
          <p className="mt-1 break-words text-sm leading-relaxed text-zinc-200">{prompt}</p>
        </>
      )}
    </section>
  );
}
