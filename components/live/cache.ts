import type { InfiniteData, QueryClient, QueryKey } from '@tanstack/react-query';
import type { AudioJobView } from '@/lib/api/contracts/audio';
import type { AssetView } from '@/lib/api/contracts/media';
import type { ProductionView } from '@/lib/api/contracts/productions';
import type { VideoJobView } from '@/lib/api/contracts/video';
import type { EventEnvelope } from '@/lib/events/types';
import type { ActivityFilters, ActivityItem } from '@/components/jobs/activity-api';

// Applies one event of GET /api/events to every cached query it changes, so lists and details
// move without asking the server again. Each list keeps its own filter: a row enters, moves or
// leaves as the filter says, in created_at order, and only within the part of the list loaded
// so far (an older row belongs to a page not fetched yet).

interface Row {
  id: string;
  created_at: string;
  updated_at: string;
}
type Page = Record<string, unknown> & { next_cursor: string | null };

/** Newest first, as every list is ordered: created_at, then id, both descending. */
const before = (a: Row, b: Row) => a.created_at > b.created_at || (a.created_at === b.created_at && a.id > b.id);

/**
 * Puts `row` where it belongs in one infinite list (or takes it out when `keep` is false). A row
 * older than the loaded part of a list that has more pages is left for that page to bring.
 */
export function placeInList<T>(data: InfiniteData<Page> | undefined, field: string, rowOf: (item: T) => Row, item: T | null, id: string): InfiniteData<Page> | undefined {
  if (!data) return data;
  const incoming = item ? rowOf(item) : null;
  const itemsOf = (page: Page) => page[field] as T[];
  const existing = data.pages.flatMap(itemsOf).find((x) => rowOf(x).id === id);
  // An event older than what the list holds (a late trailing one) changes nothing.
  if (existing && incoming && rowOf(existing).updated_at > incoming.updated_at) return data;
  if (!existing && !item) return data;
  const pages = data.pages.map((page) => (existing ? { ...page, [field]: itemsOf(page).filter((x) => rowOf(x).id !== id) } : page));
  if (incoming && item) {
    const last = pages.length - 1;
    for (let p = 0; p < pages.length; p++) {
      const items = itemsOf(pages[p]);
      const slot = items.findIndex((x) => before(incoming, rowOf(x)));
      if (slot === -1 && !(p === last && pages[p].next_cursor === null)) continue;
      pages[p] = { ...pages[p], [field]: items.toSpliced(slot === -1 ? items.length : slot, 0, item) };
      break;
    }
  }
  return { ...data, pages };
}

function updateLists<T, F>(client: QueryClient, prefix: string, field: string, rowOf: (item: T) => Row, id: string, itemFor: (filters: F) => T | null) {
  for (const [key, data] of client.getQueriesData<InfiniteData<Page>>({ queryKey: [prefix] })) {
    if (!data?.pages) continue;
    const filters = ((key as QueryKey)[1] ?? {}) as F;
    client.setQueryData(key, placeInList(data, field, rowOf, itemFor(filters), id));
  }
}

const same = (a: unknown, b: unknown) => a === undefined || a === b;
const runningStatus = (status: string) => (status === 'generating' || status === 'composing' ? 'processing' : status);

function activityMatches(filters: ActivityFilters, item: ActivityItem): boolean {
  if (filters.kind?.length && !filters.kind.includes(item.kind)) return false;
  if (item.kind === 'production') return filters.provider === undefined && same(filters.status, runningStatus(item.production.status));
  return same(filters.status, item.job.status) && same(filters.provider, item.job.provider);
}
const activityRow = (item: ActivityItem): Row => (item.kind === 'production' ? item.production : item.job);

function onVideoJob(client: QueryClient, job: VideoJobView) {
  updateLists<VideoJobView, { status?: string; provider?: string }>(client, 'video-jobs', 'jobs', (j) => j, job.id, (f) =>
    same(f.status, job.status) && same(f.provider, job.provider) ? job : null,
  );
  const item: ActivityItem = { kind: 'video', job };
  updateLists<ActivityItem, ActivityFilters>(client, 'all-jobs', 'jobs', activityRow, job.id, (f) => (activityMatches(f, item) ? item : null));
}

function onAudioJob(client: QueryClient, job: AudioJobView) {
  updateLists<AudioJobView, { status?: string; generation_type?: string }>(client, 'audio-jobs', 'jobs', (j) => j, job.id, (f) =>
    same(f.status, job.status) && same(f.generation_type, job.generation_type) ? job : null,
  );
  const item: ActivityItem = { kind: 'audio', job };
  updateLists<ActivityItem, ActivityFilters>(client, 'all-jobs', 'jobs', activityRow, job.id, (f) => (activityMatches(f, item) ? item : null));
  if (client.getQueryData(['audio-job', job.id])) client.setQueryData(['audio-job', job.id], job);
}

/** A child job's status and progress, as the production's view lists it. */
function onChildJob(client: QueryClient, job: { id: string; status: string; progress: number; error_message: string | null; production_id: string | null; asset_id?: string | null }) {
  if (!job.production_id) return;
  const key = ['production', job.production_id];
  const data = client.getQueryData<{ production: ProductionView }>(key);
  if (!data) return;
  const children = data.production.children.map((child) =>
    child.job_id === job.id
      ? { ...child, status: job.status, progress: job.progress, error_message: job.error_message, ...(job.asset_id !== undefined ? { asset_id: job.asset_id } : {}) }
      : child,
  );
  client.setQueryData(key, { production: { ...data.production, children } });
}

function onProduction(client: QueryClient, production: ProductionView, deleted: boolean) {
  updateLists<ProductionView, Record<string, never>>(client, 'productions', 'productions', (p) => p, production.id, () => (deleted ? null : production));
  const item: ActivityItem = { kind: 'production', production };
  updateLists<ActivityItem, ActivityFilters>(client, 'all-jobs', 'jobs', activityRow, production.id, (f) => (!deleted && activityMatches(f, item) ? item : null));
  const key = ['production', production.id];
  if (deleted) client.removeQueries({ queryKey: key });
  else if (client.getQueryData(key)) client.setQueryData(key, { production });
}

/** Mapped over every cached list item, a patch (or the item unchanged). */
function patchEverywhere(client: QueryClient, prefix: string, field: string, patch: (item: never) => unknown) {
  for (const [key, data] of client.getQueriesData<InfiniteData<Page>>({ queryKey: [prefix] })) {
    if (!data?.pages) continue;
    client.setQueryData(key, { ...data, pages: data.pages.map((page) => ({ ...page, [field]: (page[field] as never[]).map(patch) })) });
  }
}

/** A new poster, strip or waveform also shows on the jobs and productions that made the asset. */
function onAssetPreview(client: QueryClient, asset: AssetView) {
  const thumbnail = asset.thumbnail_url;
  const video = (job: VideoJobView) => (job.asset_id === asset.id && job.status === 'completed' ? { ...job, thumbnail_url: thumbnail } : job);
  const audio = (job: AudioJobView) => (job.assets.some((a) => a.id === asset.id) ? { ...job, assets: job.assets.map((a) => (a.id === asset.id ? { ...a, thumbnail_url: thumbnail } : a)) } : job);
  const production = (p: ProductionView) => ({
    ...p,
    thumbnail_url: p.asset_id === asset.id && p.status === 'completed' ? thumbnail : p.thumbnail_url,
    children: p.children.map((c) => (c.asset_id === asset.id ? { ...c, thumbnail_url: thumbnail } : c)),
  });
  patchEverywhere(client, 'video-jobs', 'jobs', video as never);
  patchEverywhere(client, 'audio-jobs', 'jobs', audio as never);
  patchEverywhere(client, 'productions', 'productions', production as never);
  patchEverywhere(client, 'all-jobs', 'jobs', ((item: ActivityItem) =>
    item.kind === 'video' ? { ...item, job: video(item.job) } : item.kind === 'audio' ? { ...item, job: audio(item.job) } : { ...item, production: production(item.production) }) as never);
  for (const [key, data] of client.getQueriesData<{ production: ProductionView }>({ queryKey: ['production'] })) {
    if (data?.production) client.setQueryData(key, { production: production(data.production) });
  }
}

function onAsset(client: QueryClient, asset: AssetView) {
  const trashed = asset.deleted_at !== null;
  updateLists<AssetView, { asset_type?: string; trash?: boolean }>(client, 'media-assets', 'assets', (a) => a, asset.id, (f) =>
    same(f.asset_type, asset.asset_type) && Boolean(f.trash) === trashed ? asset : null,
  );
  if (client.getQueryData(['media-asset', asset.id])) client.setQueryData(['media-asset', asset.id], { asset });
  onAssetPreview(client, asset);
}

export function applyEvent(client: QueryClient, event: EventEnvelope): void {
  const data = event.data as never;
  switch (event.object) {
    case 'video_job':
      onVideoJob(client, data);
      onChildJob(client, data);
      break;
    case 'audio_job':
      onAudioJob(client, data);
      onChildJob(client, data);
      break;
    case 'production':
      onProduction(client, data, event.type === 'production.deleted');
      break;
    case 'asset':
      onAsset(client, data);
      break;
  }
}
