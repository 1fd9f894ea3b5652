'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useRef, type ReactNode } from 'react';
import type { AssetView } from '@/lib/api/contracts/media';
import { ApiError } from '@/components/media-api';
import { AssetDetails, AssetStrategy } from './asset-facts';
import { PinToggle, TagsField, TitleField } from './asset-editor';
import { AssetPlayer } from './asset-player';
import { AnimateImage } from './animate-image';
import { TranscribeAction } from './transcribe-action';
import { TranscriptPanel } from './transcript-panel';
import type { StrategyLabels } from './strategy-labels';
import { assetDisplayTitle, useRestoreAsset } from './use-assets';
import { useAsset, useDeleteAsset, useUpdateAsset } from './use-asset';

interface AssetDetailProps {
  id: string;
  labels: StrategyLabels;
}

const BUTTON = 'inline-flex items-center gap-1.5 rounded-md border px-3 py-2 text-sm transition disabled:cursor-not-allowed disabled:opacity-50';

function BackLink() {
  return (
    <Link href="/library" className="text-sm text-ink-300 hover:text-zinc-50">
      <span aria-hidden>← </span>Back to the library
    </Link>
  );
}

function Actions({ asset }: { asset: AssetView }) {
  const router = useRouter();
  const update = useUpdateAsset(asset.id);
  const remove = useDeleteAsset(asset.id);
  const restore = useRestoreAsset();
  const error = update.error ?? remove.error ?? restore.error;

  return (
    <section aria-labelledby="edit-heading" className="space-y-4 rounded-2xl border border-ink-800 bg-ink-900 p-5">
      <h2 id="edit-heading" className="text-xs uppercase tracking-[0.2em] text-ink-300">
        Edit
      </h2>
      <TitleField asset={asset} onSave={(changes) => update.mutate(changes)} />
      <TagsField asset={asset} onSave={(changes) => update.mutate(changes)} />
      <div className="flex flex-wrap gap-2">
        <PinToggle asset={asset} onSave={(changes) => update.mutate(changes)} />
        <a href={asset.content_url} download className={`${BUTTON} border-ink-700 text-zinc-200 hover:border-glow-400`}>
          Download
        </a>
        {asset.deleted_at ? (
          <button
            type="button"
            disabled={restore.isPending}
            onClick={() => restore.mutate(asset.id)}
            className={`${BUTTON} border-glow-400/60 text-glow-400 hover:border-glow-400 hover:bg-glow-400/10`}
          >
            Restore
          </button>
        ) : (
          <button
            type="button"
            disabled={remove.isPending}
            onClick={() => remove.mutate(undefined, { onSuccess: () => router.push('/library') })}
            className={`${BUTTON} border-intimate/50 text-intimate hover:border-intimate hover:bg-intimate/10`}
          >
            Delete
          </button>
        )}
      </div>
      <p role="status" className="text-xs text-ink-500">
        {update.isPending ? 'Saving…' : update.isSuccess ? 'Saved.' : ''}
      </p>
      {error && (
        <p role="alert" className="rounded-lg border border-intimate/40 bg-intimate/10 px-3 py-2 text-sm text-intimate">
          {error.message}
        </p>
      )}
    </section>
  );
}

function AssetPageBody({ asset, labels }: { asset: AssetView; labels: StrategyLabels }) {
  const title = assetDisplayTitle(asset);
  const mediaRef = useRef<HTMLMediaElement | null>(null);
  return (
    <>
      <header className="pb-8 pt-3">
        <h1 className="line-clamp-3 break-words font-[family-name:var(--font-display)] text-3xl text-zinc-50 sm:text-4xl">{title}</h1>
        {asset.tags.length > 0 && (
          <ul aria-label="Tags" className="mt-3 flex flex-wrap gap-1.5">
            {asset.tags.map((tag) => (
              <li key={tag} className="rounded-full border border-ink-700 px-2.5 py-0.5 text-xs text-ink-300">
                {tag}
              </li>
            ))}
          </ul>
        )}
        {asset.deleted_at && (
          <p role="status" className="mt-4 rounded-lg border border-intimate/40 bg-intimate/10 px-3 py-2 text-sm text-intimate">
            This item is in the trash. Restore it to keep it.
          </p>
        )}
      </header>

      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div className="min-w-0 space-y-6">
          <div className="overflow-hidden rounded-2xl border border-ink-800 bg-ink-950">
            <AssetPlayer asset={asset} mediaRef={mediaRef} />
          </div>
          {asset.strategy && <AssetStrategy strategy={asset.strategy} labels={labels} />}
        </div>
        <div className="min-w-0 space-y-6">
          {asset.transcript_job_id ? (
            <TranscriptPanel jobId={asset.transcript_job_id} mediaRef={mediaRef} />
          ) : (
            asset.asset_type !== 'image' && !asset.deleted_at && asset.has_audio !== false && <TranscribeAction assetId={asset.id} />
          )}
          {asset.asset_type === 'image' && !asset.deleted_at && <AnimateImage assetId={asset.id} title={title} />}
          <Actions asset={asset} />
          <AssetDetails asset={asset} />
        </div>
      </div>
    </>
  );
}

export function AssetDetail({ id, labels }: AssetDetailProps) {
  const query = useAsset(id);

  let body: ReactNode;
  if (query.isPending) {
    body = <div aria-hidden className="mt-6 aspect-video animate-pulse rounded-2xl border border-ink-800 bg-ink-900" />;
  } else if (query.isError) {
    const missing = query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 422);
    body = (
      <div role="alert" className="mt-6 rounded-xl border border-intimate/40 bg-intimate/10 p-5 text-intimate">
        <p>{missing ? 'This item does not exist or was removed for good.' : query.error.message}</p>
      </div>
    );
  } else {
    body = <AssetPageBody asset={query.data} labels={labels} />;
  }

  return (
    <main className="mx-auto max-w-6xl px-5 pb-24 pt-8">
      <BackLink />
      {body}
    </main>
  );
}
