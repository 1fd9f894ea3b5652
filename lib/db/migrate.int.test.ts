import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '@/lib/db/migrate';
import { createTestEnvironment, type TestEnvironment } from '@/lib/testing/database';

let env: TestEnvironment;
let sql: postgres.Sql;

beforeAll(async () => {
  env = await createTestEnvironment();
  sql = postgres(env.url, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await sql?.end();
  await env?.cleanup();
});

describe('migrations', () => {
  it('create every table of the plan', async () => {
    const rows = await sql<{ table_name: string }[]>`select table_name from information_schema.tables where table_schema = 'public' order by 1`;
    expect(rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['agent_jobs', 'asset_files', 'audio_jobs', 'elements', 'media_assets', 'universes', 'video_jobs']),
    );
  });

  it('use Postgres enums for statuses, jsonb for JSON and timestamptz for times', async () => {
    const columns = await sql<{ table_name: string; column_name: string; data_type: string; udt_name: string }[]>`
      select table_name, column_name, data_type, udt_name from information_schema.columns where table_schema = 'public'`;
    const col = (t: string, c: string) => columns.find((x) => x.table_name === t && x.column_name === c);
    expect(col('video_jobs', 'status')?.udt_name).toBe('job_status');
    expect(col('audio_jobs', 'status')?.udt_name).toBe('job_status');
    expect(col('agent_jobs', 'status')?.udt_name).toBe('job_status');
    expect(col('video_jobs', 'params')?.data_type).toBe('jsonb');
    expect(col('audio_jobs', 'transcription')?.data_type).toBe('jsonb');
    expect(col('media_assets', 'created_at')?.data_type).toBe('timestamp with time zone');
    const loose = columns.filter((c) => c.data_type === 'timestamp without time zone' || c.data_type === 'json');
    expect(loose).toEqual([]);
  });

  it('seed one default universe and are safe to run again', async () => {
    await migrateDatabase(env.url);
    await migrateDatabase(env.url);
    const rows = await sql`select name from universes where is_default`;
    expect(rows).toHaveLength(1);
  });

  it('make a generated asset unique per job and role', async () => {
    const [job] = await sql`insert into video_jobs (generation_type, prompt, aspect_ratio, duration_seconds) values ('text_to_video', 'a test', '16:9', 5) returning id`;
    const insert = (key: string) => sql`
      insert into media_assets (asset_type, source_type, source_job_id, storage_backend, storage_key, mime_type, size_bytes)
      values ('video', 'generated', ${job.id}, 'local', ${key}, 'video/mp4', 10)`;
    await insert('videos/a.mp4');
    await expect(insert('videos/b.mp4')).rejects.toThrow(/media_assets_source_job_role_idx/);
  });
});
