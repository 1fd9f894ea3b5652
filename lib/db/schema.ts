import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

// Millisecond precision, as a JS Date holds it: keyset cursors carry created_at back exactly (with
// microseconds, rows made in one transaction fell between two pages).
const createdAt = () => timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
const at = (name: string) => timestamp(name, { withTimezone: true });

export const jobStatus = pgEnum('job_status', ['pending', 'processing', 'completed', 'failed', 'canceled']);
export const videoGenerationType = pgEnum('video_generation_type', ['text_to_video', 'image_to_video']);
export const audioGenerationType = pgEnum('audio_generation_type', [
  'text_to_speech',
  'text_to_music',
  'stem_separation',
  'transcription',
]);
export const assetType = pgEnum('asset_type', ['video', 'image', 'audio']);
export const assetSource = pgEnum('asset_source', ['generated', 'uploaded', 'derived']);
export const assetFileKind = pgEnum('asset_file_kind', ['thumbnail', 'sprite', 'waveform']);
export const elementKind = pgEnum('element_kind', ['character', 'location', 'prop', 'style']);
export const productionStatus = pgEnum('production_status', ['pending', 'generating', 'composing', 'completed', 'failed', 'canceled']);
export const agentType = pgEnum('agent_type', ['strategy', 'video', 'audio', 'universe']);

export const universes = pgTable('universes', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  isDefault: boolean('is_default').notNull().default(false),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('universes_single_default').on(t.isDefault).where(sql`${t.isDefault}`)]);

export const elements = pgTable('elements', {
  id: uuid('id').primaryKey().defaultRandom(),
  universeId: uuid('universe_id').notNull().references(() => universes.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  kind: elementKind('kind').notNull(),
  description: text('description').notNull().default(''),
  createdAt: createdAt(),
}, (t) => [index('elements_universe_idx').on(t.universeId)]);

export const agentJobs = pgTable('agent_jobs', {
  id: uuid('id').primaryKey().defaultRandom(),
  universeId: uuid('universe_id').references(() => universes.id, { onDelete: 'set null' }),
  agentType: agentType('agent_type').notNull(),
  status: jobStatus('status').notNull().default('pending'),
  input: jsonb('input').$type<Record<string, unknown>>().notNull().default({}),
  output: jsonb('output').$type<Record<string, unknown>>(),
  error: text('error'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  startedAt: at('started_at'),
  completedAt: at('completed_at'),
}, (t) => [index('agent_jobs_status_idx').on(t.status, t.createdAt)]);

export const mediaAssets = pgTable('media_assets', {
  id: uuid('id').primaryKey().defaultRandom(),
  universeId: uuid('universe_id').references(() => universes.id, { onDelete: 'set null' }),
  assetType: assetType('asset_type').notNull(),
  sourceType: assetSource('source_type').notNull(),
  // A generated asset points back at the video or audio job that made it; `source_role` tells
  // several outputs of one job apart (stems), and the unique index makes creation idempotent.
  sourceJobId: uuid('source_job_id'),
  sourceRole: text('source_role').notNull().default('output'),
  storageBackend: text('storage_backend').notNull(),
  storageKey: text('storage_key').notNull(),
  mimeType: text('mime_type').notNull(),
  sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
  durationSeconds: real('duration_seconds'),
  width: integer('width'),
  height: integer('height'),
  title: text('title').notNull().default(''),
  description: text('description').notNull().default(''),
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  pinned: boolean('pinned').notNull().default(false),
  metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
  deletedAt: at('deleted_at'),
  // Age for the cleanup counts from here when set: a restored asset gets a full period again.
  restoredAt: at('restored_at'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex('media_assets_storage_key_idx').on(t.storageKey),
  uniqueIndex('media_assets_source_job_role_idx').on(t.sourceJobId, t.sourceRole).where(sql`${t.sourceJobId} is not null`),
  index('media_assets_list_idx').on(t.createdAt, t.id),
  index('media_assets_type_idx').on(t.assetType, t.createdAt),
  index('media_assets_universe_idx').on(t.universeId, t.createdAt),
  index('media_assets_tags_idx').using('gin', t.tags),
  index('media_assets_deleted_idx').on(t.deletedAt),
]);

/** Files derived from an asset (poster, hover sprite, waveform): one per kind, upserted. */
export const assetFiles = pgTable('asset_files', {
  id: uuid('id').primaryKey().defaultRandom(),
  assetId: uuid('asset_id').notNull().references(() => mediaAssets.id, { onDelete: 'cascade' }),
  kind: assetFileKind('kind').notNull(),
  storageKey: text('storage_key').notNull(),
  mimeType: text('mime_type').notNull(),
  sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
  metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('asset_files_asset_kind_idx').on(t.assetId, t.kind)]);

/**
 * One brief made into a finished short. Its children are ordinary video and audio jobs (their
 * `production_id` points here); the timeline (lib/productions/timeline.ts) names which child
 * fills which part, and is what a creator edits.
 */
export const productions = pgTable('productions', {
  id: uuid('id').primaryKey().defaultRandom(),
  status: productionStatus('status').notNull().default('pending'),
  progress: integer('progress').notNull().default(0),
  brief: jsonb('brief').$type<Record<string, unknown>>().notNull(),
  timeline: jsonb('timeline').$type<Record<string, unknown>>().notNull(),
  /** Equal to timeline.version: a PATCH names it, a stale one is refused in SQL. */
  version: integer('version').notNull().default(1),
  /** Compositions finished, and the timeline version the last one rendered. */
  renders: integer('renders').notNull().default(0),
  renderedVersion: integer('rendered_version'),
  assetId: uuid('asset_id').references(() => mediaAssets.id, { onDelete: 'set null' }),
  errorCode: text('error_code'),
  errorMessage: text('error_message'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  startedAt: at('started_at'),
  completedAt: at('completed_at'),
}, (t) => [index('productions_list_idx').on(t.createdAt, t.id), index('productions_status_idx').on(t.status, t.createdAt)]);

export const videoJobs = pgTable('video_jobs', {
  id: uuid('id').primaryKey().defaultRandom(),
  universeId: uuid('universe_id').references(() => universes.id, { onDelete: 'set null' }),
  generationType: videoGenerationType('generation_type').notNull(),
  status: jobStatus('status').notNull().default('pending'),
  // `provider` and `fallback_providers` move as the job falls back; the requested pair is what a
  // retry starts from again.
  provider: text('provider').notNull().default('local'),
  requestedProvider: text('requested_provider'),
  requestedFallback: text('requested_fallback').array(),
  providerJobId: text('provider_job_id'),
  providerStatus: text('provider_status'),
  prompt: text('prompt').notNull(),
  enrichedPrompt: text('enriched_prompt').notNull().default(''),
  negativePrompt: text('negative_prompt').notNull().default(''),
  mood: real('mood'),
  moodCategory: text('mood_category'),
  cameraMovement: text('camera_movement'),
  lighting: text('lighting'),
  platform: text('platform'),
  aspectRatio: text('aspect_ratio').notNull(),
  durationSeconds: real('duration_seconds').notNull(),
  imageAssetId: uuid('image_asset_id').references(() => mediaAssets.id, { onDelete: 'set null' }),
  params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
  fallbackProviders: text('fallback_providers').array().notNull().default(sql`'{}'::text[]`),
  providerHistory: jsonb('provider_history').$type<Array<Record<string, unknown>>>().notNull().default([]),
  progress: integer('progress').notNull().default(0),
  etaSeconds: integer('eta_seconds'),
  attempts: integer('attempts').notNull().default(0),
  errorCode: text('error_code'),
  errorMessage: text('error_message'),
  cost: jsonb('cost').$type<Record<string, unknown>>(),
  webhookToken: text('webhook_token'),
  assetId: uuid('asset_id').references(() => mediaAssets.id, { onDelete: 'set null' }),
  productionId: uuid('production_id').references(() => productions.id, { onDelete: 'set null' }),
  deadlineAt: at('deadline_at'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  startedAt: at('started_at'),
  completedAt: at('completed_at'),
}, (t) => [
  index('video_jobs_list_idx').on(t.createdAt, t.id),
  index('video_jobs_status_idx').on(t.status, t.createdAt),
  index('video_jobs_universe_idx').on(t.universeId, t.createdAt),
  index('video_jobs_production_idx').on(t.productionId).where(sql`${t.productionId} is not null`),
  uniqueIndex('video_jobs_provider_job_idx').on(t.provider, t.providerJobId).where(sql`${t.providerJobId} is not null`),
]);

export const audioJobs = pgTable('audio_jobs', {
  id: uuid('id').primaryKey().defaultRandom(),
  universeId: uuid('universe_id').references(() => universes.id, { onDelete: 'set null' }),
  generationType: audioGenerationType('generation_type').notNull(),
  status: jobStatus('status').notNull().default('pending'),
  provider: text('provider').notNull().default('local'),
  providerJobId: text('provider_job_id'),
  text: text('text'),
  prompt: text('prompt'),
  voice: text('voice'),
  language: text('language'),
  mood: real('mood'),
  moodCategory: text('mood_category'),
  durationSeconds: real('duration_seconds'),
  inputAssetId: uuid('input_asset_id').references(() => mediaAssets.id, { onDelete: 'set null' }),
  params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
  transcription: jsonb('transcription').$type<Record<string, unknown>>(),
  progress: integer('progress').notNull().default(0),
  attempts: integer('attempts').notNull().default(0),
  errorCode: text('error_code'),
  errorMessage: text('error_message'),
  cost: jsonb('cost').$type<Record<string, unknown>>(),
  productionId: uuid('production_id').references(() => productions.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  startedAt: at('started_at'),
  completedAt: at('completed_at'),
}, (t) => [
  index('audio_jobs_list_idx').on(t.createdAt, t.id),
  index('audio_jobs_status_idx').on(t.status, t.createdAt),
  index('audio_jobs_universe_idx').on(t.universeId, t.createdAt),
  index('audio_jobs_production_idx').on(t.productionId).where(sql`${t.productionId} is not null`),
]);

/** Integration keys: only a SHA-256 of the key is kept; the key itself is shown once. */
export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  /** The first characters of the key, to recognise it in a list. */
  prefix: text('prefix').notNull(),
  hash: text('hash').notNull(),
  createdAt: createdAt(),
  lastUsedAt: at('last_used_at'),
  expiresAt: at('expires_at'),
  revokedAt: at('revoked_at'),
}, (t) => [uniqueIndex('api_keys_hash_idx').on(t.hash)]);

/** Browser sessions of the creator; the cookie carries the id and an HMAC of it. */
export const sessions = pgTable('sessions', {
  id: text('id').primaryKey(),
  createdAt: createdAt(),
  expiresAt: at('expires_at').notNull(),
  lastSeenAt: at('last_seen_at'),
});

/** Server-side secrets and settings generated on first start (signing secret, admin password hash). */
export const appSettings = pgTable('app_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  createdAt: createdAt(),
});

/** Fixed-window request counters shared by every app instance. */
export const rateLimits = pgTable('rate_limits', {
  bucket: text('bucket').notNull(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  count: integer('count').notNull().default(0),
}, (t) => [uniqueIndex('rate_limits_bucket_window_idx').on(t.bucket, t.windowStart)]);

/** First responses to POSTs that carried an Idempotency-Key, replayed for 24 h. */
export const idempotencyKeys = pgTable('idempotency_keys', {
  principal: text('principal').notNull(),
  key: text('key').notNull(),
  requestHash: text('request_hash').notNull(),
  status: integer('status'),
  body: jsonb('body').$type<unknown>(),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('idempotency_keys_principal_key_idx').on(t.principal, t.key)]);

/** Provider callbacks already acted on, so a redelivery (same id) changes nothing; swept after a week. */
export const webhookDeliveries = pgTable('webhook_deliveries', {
  provider: text('provider').notNull(),
  deliveryId: text('delivery_id').notNull(),
  jobId: uuid('job_id'),
  receivedAt: at('received_at').notNull().defaultNow(),
}, (t) => [uniqueIndex('webhook_deliveries_provider_delivery_idx').on(t.provider, t.deliveryId), index('webhook_deliveries_received_idx').on(t.receivedAt)]);

/**
 * Every job and production transition and every asset created or deleted, appended in the
 * transaction of the change (lib/events/append.ts). Ids are handed out under one lock, so they
 * commit in order: a reader that has seen id N has seen every committed event below it, which is
 * what lets a client resume a stream from the last id it saw. `payload` is what the resource's
 * GET endpoint answered at that moment.
 */
export const events = pgTable('events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  type: text('type').notNull(),
  subjectKind: text('subject_kind').notNull(),
  subjectId: uuid('subject_id').notNull(),
  // For filters: the job (or, for an asset, the job that made it) and the production it belongs to.
  jobId: uuid('job_id'),
  productionId: uuid('production_id'),
  universeId: uuid('universe_id'),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  createdAt: createdAt(),
}, (t) => [
  index('events_created_idx').on(t.createdAt),
  index('events_job_idx').on(t.jobId, t.id).where(sql`${t.jobId} is not null`),
  index('events_production_idx').on(t.productionId, t.id).where(sql`${t.productionId} is not null`),
]);

/** An integrator's endpoint: the events it wants (patterns such as `job.*`; empty: all), signed with its own secret. */
export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: uuid('id').primaryKey().defaultRandom(),
  url: text('url').notNull(),
  description: text('description').notNull().default(''),
  events: text('events').array().notNull().default(sql`'{}'::text[]`),
  /** `whsec_` + base64; kept readable because every delivery is signed with it. */
  secret: text('secret').notNull(),
  /** After a rotation the old secret signs too (a second signature) until this moment. */
  previousSecret: text('previous_secret'),
  previousSecretUntil: at('previous_secret_until'),
  enabled: boolean('enabled').notNull().default(true),
  disabledReason: text('disabled_reason'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [index('webhook_endpoints_list_idx').on(t.createdAt, t.id)]);

/** `webhook_url` + `webhook_events` given when a job or production was created: events about that one resource. */
export const webhookSubscriptions = pgTable('webhook_subscriptions', {
  id: uuid('id').primaryKey().defaultRandom(),
  subjectId: uuid('subject_id').notNull(),
  url: text('url').notNull(),
  events: text('events').array().notNull().default(sql`'{}'::text[]`),
  createdAt: createdAt(),
}, (t) => [index('webhook_subscriptions_subject_idx').on(t.subjectId)]);

export const webhookMessageStatus = pgEnum('webhook_message_status', ['pending', 'succeeded', 'failed']);

/** One event owed to one endpoint or subscription: its delivery log, and what the retry schedule works from. */
export const webhookMessages = pgTable('webhook_messages', {
  id: uuid('id').primaryKey().defaultRandom(),
  eventId: bigint('event_id', { mode: 'number' }).notNull().references(() => events.id, { onDelete: 'cascade' }),
  endpointId: uuid('endpoint_id').references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
  subscriptionId: uuid('subscription_id').references(() => webhookSubscriptions.id, { onDelete: 'cascade' }),
  eventType: text('event_type').notNull(),
  url: text('url').notNull(),
  status: webhookMessageStatus('status').notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: at('next_attempt_at'),
  lastAttemptAt: at('last_attempt_at'),
  responseStatus: integer('response_status'),
  latencyMs: integer('latency_ms'),
  lastError: text('last_error'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  index('webhook_messages_endpoint_idx').on(t.endpointId, t.createdAt),
  index('webhook_messages_event_idx').on(t.eventId),
  index('webhook_messages_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
]);
