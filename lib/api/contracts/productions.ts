import { z } from 'zod';
import type { Contract } from '@/lib/api/contracts';
import { VideoProviderSchema } from '@/lib/api/contracts/video';
import { UuidSchema } from '@/lib/api/uuid';
import { CaptionPositionSchema, CaptionStyleSchema, FitSchema, OutputPresetIdSchema, TimelineSchema, TransitionSchema } from '@/lib/productions/timeline';
import { CameraMovementSchema, LightingSchema, PlatformSchema } from '@/lib/strategy';
import { WebhookRequestFields } from '@/lib/webhooks/schemas';

const id = UuidSchema;

export const ProductionStatusSchema = z.enum(['pending', 'generating', 'composing', 'completed', 'failed', 'canceled']);

export const ProductionChildSchema = z.object({
  kind: z.enum(['video', 'audio']),
  role: z.string().describe('shot:<shot id>, narration, alignment or music'),
  job_id: z.uuid(),
  status: z.string(),
  progress: z.number().int(),
  error_message: z.string().nullable(),
  asset_id: z.uuid().nullable(),
  thumbnail_url: z.string().nullable(),
});

export const ProductionSchema = z.object({
  id: z.uuid(),
  status: ProductionStatusSchema,
  progress: z.number().int().min(0).max(100),
  brief: z.record(z.string(), z.unknown()).describe('The brief as it was posted'),
  timeline: TimelineSchema,
  children: z.array(ProductionChildSchema),
  renders: z.number().int().describe('How many compositions have finished'),
  asset_id: z.uuid().nullable(),
  video_url: z.string().nullable().describe('Signed, expiring URL of the finished short'),
  thumbnail_url: z.string().nullable(),
  captions_url: z.string().nullable(),
  error_code: z.string().nullable(),
  error_message: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
});
export type ProductionView = z.infer<typeof ProductionSchema>;

export const CreateProductionSchema = z
  .object({
    prompt: z.string().trim().min(1, 'prompt must not be empty').max(2000),
    mood: z.number().min(0).max(100).default(60),
    platform: PlatformSchema.default('tiktok'),
    duration: z.number().int('duration must be a whole number of seconds').min(3).max(180).optional().describe("Target length; the platform's default otherwise"),
    shots: z.number().int().min(1).max(12).optional().describe("How many shots; from the platform's pacing otherwise"),
    provider: VideoProviderSchema.default('local'),
    fallback: z.array(VideoProviderSchema).max(6).optional(),
    assets: z.array(id).max(12).optional().describe('Library images and clips to use as shots, in order (before generated ones)'),
    narration: z.string().trim().min(1).max(3000).optional().describe('The voice-over script; none means no voice-over'),
    voice: z.string().max(100).optional(),
    music: z.boolean().default(true),
    captions: CaptionStyleSchema.optional().describe('word_highlight by default with narration, none without'),
    seed: z.union([z.string().max(200), z.number()]).optional(),
    ...WebhookRequestFields,
  })
  .strict();

const ShotEditSchema = z
  .object({
    id: z.string().min(1).max(64).describe('An existing shot id; a new shot names a library asset instead'),
    asset_id: id.optional().describe('Replace the shot with this library image or clip'),
    regenerate: z.boolean().optional().describe('Generate this shot again (a new video job)'),
    camera_movement: CameraMovementSchema.optional(),
    lighting: LightingSchema.optional(),
    duration: z.number().min(0.5).max(120).optional(),
    trim_in: z.number().min(0).max(600).optional(),
    transition: TransitionSchema.optional(),
    fit: FitSchema.optional(),
  })
  .strict();

export const UpdateProductionSchema = z
  .object({
    version: z.number().int().min(1).describe('The timeline version this edit is based on; a stale one is a 409'),
    shots: z.array(ShotEditSchema).min(1).max(30).optional().describe('The shots in their new order, each with its edits'),
    narration: z
      .object({ script: z.string().trim().min(1).max(3000).nullable().optional(), voice: z.string().max(100).nullable().optional(), gain_db: z.number().min(-30).max(12).optional() })
      .strict()
      .optional(),
    music: z.object({ seed: z.string().min(1).max(100).optional(), gain_db: z.number().min(-40).max(6).optional(), enabled: z.boolean().optional() }).strict().optional(),
    captions: z
      .object({ style: CaptionStyleSchema.optional(), position: CaptionPositionSchema.optional(), size: z.number().min(0.02).max(0.1).optional(), highlight_color: z.string().regex(/^#[0-9a-fA-F]{6}$/).optional() })
      .strict()
      .optional(),
    output: OutputPresetIdSchema.optional(),
  })
  .strict();

const Params = z.object({ id });
const One = z.object({ production: ProductionSchema });

export const createProduction = {
  method: 'POST',
  path: '/api/productions',
  summary: 'Plan a finished short from one brief: shots, music, voice-over and captions, each an ordinary job, then one composition',
  tags: ['productions'],
  status: 202,
  rateLimit: 'generation',
  idempotent: true,
  body: CreateProductionSchema,
  response: One,
} satisfies Contract;

export const listProductions = {
  method: 'GET',
  path: '/api/productions',
  summary: 'List productions, newest first, with keyset pagination',
  tags: ['productions'],
  query: z.object({
    status: ProductionStatusSchema.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
  }),
  response: z.object({ productions: z.array(ProductionSchema), next_cursor: z.string().nullable() }),
} satisfies Contract;

export const getProduction = {
  method: 'GET',
  path: '/api/productions/{id}',
  summary: 'One production: status, timeline, its child jobs and, when done, the finished video',
  tags: ['productions'],
  params: Params,
  response: One,
} satisfies Contract;

export const updateProduction = {
  method: 'PATCH',
  path: '/api/productions/{id}',
  summary: 'Edit the timeline (reorder, trim, replace or regenerate a shot, narration, music, captions); 409 on a stale version',
  tags: ['productions'],
  params: Params,
  body: UpdateProductionSchema,
  response: One,
} satisfies Contract;

export const renderProduction = {
  method: 'POST',
  path: '/api/productions/{id}/render',
  summary: 'Compose the timeline again once its children are done; unchanged children are reused',
  tags: ['productions'],
  rateLimit: 'generation',
  params: Params,
  response: One,
} satisfies Contract;

export const cancelProduction = {
  method: 'POST',
  path: '/api/productions/{id}/cancel',
  summary: 'Cancel a production and its unfinished child jobs (409 when it has settled)',
  tags: ['productions'],
  params: Params,
  response: One,
} satisfies Contract;

export const deleteProduction = {
  method: 'DELETE',
  path: '/api/productions/{id}',
  summary: 'Delete a settled production; its finished video stays in the library',
  tags: ['productions'],
  params: Params,
  response: z.object({ deleted: z.literal(true) }),
} satisfies Contract;
