import { z } from 'zod';
import type { Contract } from '@/lib/api/contracts';
import { UuidSchema } from '@/lib/api/uuid';
import { VIDEO_PROVIDERS } from '@/lib/providers/video/names';
import { AspectRatioSchema, CameraMovementSchema, LightingSchema, PlatformSchema } from '@/lib/strategy';
import { WebhookRequestFields } from '@/lib/webhooks/schemas';

export const JobStatusSchema = z.enum(['pending', 'processing', 'completed', 'failed', 'canceled']);
export const VideoGenerationTypeSchema = z.enum(['text_to_video', 'image_to_video']);
const id = UuidSchema;
export const VideoProviderSchema = z.enum(VIDEO_PROVIDERS);

export const VideoJobSchema = z.object({
  id: z.uuid(),
  status: JobStatusSchema,
  generation_type: VideoGenerationTypeSchema,
  provider: z.string(),
  provider_status: z.string().nullable(),
  provider_job_id: z.string().nullable(),
  fallback: z.array(z.string()).describe('Providers still to try if the current one fails'),
  provider_history: z.array(z.record(z.string(), z.unknown())).describe('Earlier providers this job tried, with why each failed'),
  cost: z.record(z.string(), z.unknown()).nullable().describe("What the provider reported it cost (units, seconds), as it reported it"),
  prompt: z.string(),
  enriched_prompt: z.string(),
  negative_prompt: z.string(),
  mood: z.number().nullable(),
  mood_category: z.string().nullable(),
  camera_movement: z.string().nullable(),
  lighting: z.string().nullable(),
  platform: z.string().nullable(),
  aspect_ratio: z.string(),
  duration: z.number(),
  image_asset_id: z.uuid().nullable(),
  universe_id: z.uuid().nullable(),
  progress: z.number().int().min(0).max(100),
  eta_seconds: z.number().int().nullable(),
  attempts: z.number().int(),
  error_code: z.string().nullable(),
  error_message: z.string().nullable(),
  asset_id: z.uuid().nullable(),
  production_id: z.uuid().nullable().describe('The production this job is a shot of, if any'),
  video_url: z.string().nullable().describe('Signed, expiring URL of the finished video; works in a <video> tag'),
  thumbnail_url: z.string().nullable(),
  download_url: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
});
export type VideoJobView = z.infer<typeof VideoJobSchema>;

export const GenerateVideoSchema = z
  .object({
    generation_type: VideoGenerationTypeSchema.default('text_to_video'),
    prompt: z.string().trim().min(1, 'prompt must not be empty').max(2000, 'prompt must be at most 2000 characters'),
    negative_prompt: z.string().max(1000).optional(),
    mood: z.number().min(0, 'mood must be between 0 and 100').max(100, 'mood must be between 0 and 100').optional(),
    platform: PlatformSchema.optional(),
    camera_movement: CameraMovementSchema.optional(),
    lighting: LightingSchema.optional(),
    aspect_ratio: AspectRatioSchema.optional(),
    duration: z.number().int('duration must be a whole number of seconds').min(1).max(120).optional(),
    image_asset_id: id.optional(),
    provider: VideoProviderSchema.default('local').describe('local renders with ffmpeg; an external provider needs its API key configured (see GET /api/video/providers)'),
    fallback: z
      .array(VideoProviderSchema)
      .max(6)
      .refine((list) => new Set(list).size === list.length, 'fallback must not name a provider twice')
      .optional()
      .describe('Providers to move to, in order, when the chosen one fails for good, e.g. ["kling", "local"]'),
    model: z.string().trim().min(1).max(200).optional().describe("A provider model id; the provider's default otherwise"),
    universe_id: id.optional(),
    seed: z.union([z.string().max(200), z.number()]).optional(),
    ...WebhookRequestFields,
  })
  .refine((b) => b.generation_type !== 'image_to_video' || b.image_asset_id, {
    message: 'image_asset_id is required for image_to_video',
    path: ['image_asset_id'],
  });

const JobParams = z.object({ id });

export const generateVideo = {
  method: 'POST',
  path: '/api/video/generate',
  summary: 'Create a text-to-video or image-to-video job; missing strategy fields are planned from the mood',
  tags: ['video'],
  status: 202,
  rateLimit: 'generation',
  idempotent: true,
  body: GenerateVideoSchema,
  response: z.object({ job: VideoJobSchema }),
} satisfies Contract;

export const listVideoJobs = {
  method: 'GET',
  path: '/api/video/jobs',
  summary: 'List video jobs, newest first, with keyset pagination',
  tags: ['video'],
  query: z.object({
    status: JobStatusSchema.optional(),
    provider: z.string().max(50).optional(),
    universe_id: id.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional().describe('next_cursor of the previous page'),
  }),
  response: z.object({ jobs: z.array(VideoJobSchema), next_cursor: z.string().nullable() }),
} satisfies Contract;

export const getVideoJob = {
  method: 'GET',
  path: '/api/video/jobs/{id}',
  summary: 'One video job with progress, ETA and, when done, signed media URLs',
  tags: ['video'],
  params: JobParams,
  response: z.object({ job: VideoJobSchema }),
} satisfies Contract;

export const downloadVideoJob = {
  method: 'GET',
  path: '/api/video/jobs/{id}/download',
  summary: 'Download the finished video (range requests supported)',
  tags: ['video'],
  auth: 'signed',
  rateLimit: 'none',
  params: JobParams,
} satisfies Contract;

export const retryVideoJob = {
  method: 'POST',
  path: '/api/video/jobs/{id}/retry',
  summary: 'Run a failed or canceled job again (409 otherwise)',
  tags: ['video'],
  rateLimit: 'generation',
  params: JobParams,
  response: z.object({ job: VideoJobSchema }),
} satisfies Contract;

export const cancelVideoJob = {
  method: 'POST',
  path: '/api/video/jobs/{id}/cancel',
  summary: 'Cancel a pending or processing job; a running render is stopped (409 otherwise)',
  tags: ['video'],
  params: JobParams,
  response: z.object({ job: VideoJobSchema }),
} satisfies Contract;

export const VideoProviderInfoSchema = z.object({
  name: VideoProviderSchema,
  configured: z.boolean().describe('Whether this server has the key it needs'),
  capabilities: z
    .object({
      textToVideo: z.boolean(),
      imageToVideo: z.boolean(),
      aspectRatios: z.array(z.string()),
      durations: z.array(z.number()),
      durationRange: z.object({ min: z.number(), max: z.number() }).optional(),
      models: z.array(z.string()),
      defaultModel: z.string(),
      webhooks: z.boolean(),
      minPollSeconds: z.number(),
      webhookAuth: z.enum(['token', 'standard-webhooks', 'fal-ed25519']).optional(),
    })
    .nullable()
    .describe('What the provider offers; null when it is not configured'),
});

export const listVideoProviders = {
  method: 'GET',
  path: '/api/video/providers',
  summary: 'Every video provider, whether it is configured here, and what it offers (ratios, durations, models)',
  tags: ['video'],
  response: z.object({ providers: z.array(VideoProviderInfoSchema) }),
} satisfies Contract;
