import { QueryClient, type InfiniteData } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '@/lib/events/types';
import { applyEvent } from './cache';

const t = (s: number) => new Date(Date.UTC(2026, 11, 1, 12, 0, s)).toISOString();
const job = (id: string, created: number, fields: Record<string, unknown> = {}) => ({
  id,
  status: 'pending',
  provider: 'local',
  progress: 0,
  asset_id: null,
  thumbnail_url: null,
  production_id: null,
  error_message: null,
  created_at: t(created),
  updated_at: t(created),
  ...fields,
});
const event = (type: string, data: Record<string, unknown>, object = 'video_job'): EventEnvelope => ({ id: '1', type, object, timestamp: t(0), data }) as EventEnvelope;
type Page = { jobs: Array<{ kind: string; job: { id: string; status: string; progress: number } }>; next_cursor: string | null };
const pages = (...p: Page[]): InfiniteData<Page> => ({ pages: p, pageParams: p.map(() => undefined) });
const idsOf = (client: QueryClient, key: unknown[]) => (client.getQueryData(key) as InfiniteData<Page>).pages.map((p) => p.jobs.map((i) => i.job.id));

describe('applying an event to the query cache', () => {
  it('puts a new job at the top of every list whose filter it matches, and nowhere else', () => {
    const client = new QueryClient();
    client.setQueryData(['all-jobs', {}], pages({ jobs: [{ kind: 'video', job: job('b', 5) }], next_cursor: null }));
    client.setQueryData(['all-jobs', { status: 'failed' }], pages({ jobs: [], next_cursor: null }));
    client.setQueryData(['all-jobs', { kind: ['audio'] }], pages({ jobs: [], next_cursor: null }));
    applyEvent(client, event('job.created', job('c', 9)));
    expect(idsOf(client, ['all-jobs', {}])).toEqual([['c', 'b']]);
    expect(idsOf(client, ['all-jobs', { status: 'failed' }])).toEqual([[]]);
    expect(idsOf(client, ['all-jobs', { kind: ['audio'] }])).toEqual([[]]);
  });

  it('replaces a job in place, moves it between status filters, and ignores an event older than what is shown', () => {
    const client = new QueryClient();
    client.setQueryData(['all-jobs', {}], pages({ jobs: [{ kind: 'video', job: job('c', 9) }, { kind: 'video', job: job('b', 5) }], next_cursor: null }));
    client.setQueryData(['all-jobs', { status: 'processing' }], pages({ jobs: [], next_cursor: null }));
    applyEvent(client, event('job.progress', job('b', 5, { status: 'processing', progress: 40, updated_at: t(20) })));
    const all = client.getQueryData(['all-jobs', {}]) as InfiniteData<Page>;
    expect(all.pages[0].jobs.map((i) => [i.job.id, i.job.progress])).toEqual([['c', 0], ['b', 40]]);
    expect(idsOf(client, ['all-jobs', { status: 'processing' }])).toEqual([['b']]);
    applyEvent(client, event('job.progress', job('b', 5, { status: 'processing', progress: 30, updated_at: t(15) })));
    expect((client.getQueryData(['all-jobs', {}]) as InfiniteData<Page>).pages[0].jobs[1].job.progress).toBe(40);
    applyEvent(client, event('job.completed', job('b', 5, { status: 'completed', progress: 100, updated_at: t(30) })));
    expect(idsOf(client, ['all-jobs', { status: 'processing' }])).toEqual([[]]);
  });

  it('leaves a row older than the loaded pages to the page that will bring it', () => {
    const client = new QueryClient();
    client.setQueryData(['all-jobs', { status: 'failed' }], pages({ jobs: [{ kind: 'video', job: job('z', 50, { status: 'failed' }) }], next_cursor: 'more' }));
    applyEvent(client, event('job.failed', job('old', 1, { status: 'failed', updated_at: t(60) })));
    expect(idsOf(client, ['all-jobs', { status: 'failed' }])).toEqual([['z']]);
  });

  it('shows a new poster on the job that made the asset', () => {
    const client = new QueryClient();
    client.setQueryData(['all-jobs', {}], pages({ jobs: [{ kind: 'video', job: job('v', 5, { status: 'completed', asset_id: 'a1' }) }], next_cursor: null }));
    applyEvent(client, event('asset.updated', { id: 'a1', asset_type: 'video', deleted_at: null, thumbnail_url: '/api/media/assets/a1/thumbnail?exp=1&sig=ab', created_at: t(6), updated_at: t(6) }, 'asset'));
    const item = (client.getQueryData(['all-jobs', {}]) as InfiniteData<Page>).pages[0].jobs[0].job as unknown as { thumbnail_url: string };
    expect(item.thumbnail_url).toMatch(/thumbnail/);
  });
});
