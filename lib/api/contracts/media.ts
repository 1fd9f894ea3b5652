import { z } from 'zod';
import type { Contract } from '@/lib/api/contracts';
import { UuidSchema } from '@/lib/api/uuid';

export const AssetTypeSchema = z.enum(['video', 'image', 'audio']);
const id = UuidSchema;

export const AssetSchema = z.object({
  id: z.uuid(),
  asset_type: AssetTypeSchema,
  source_type: z.enum(['generated', 'uploaded', 'derived']),
  source_job_id: z.uuid().nullable(),
  universe_id: z.uuid().nullable(),
  title: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  pinned: z.boolean(),
  mime_type: z.string(),
  size_bytes: z.number().int(),
  duration_seconds: z.number().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  strategy: z.record(z.string(), z.unknown()).nullable().describe('The strategy a generated video was made with'),
  content_url: z.string().describe('Signed, expiring URL; range requests supported'),
  thumbnail_url: z.string().nullable(),
  sprite_url: z.string().nullable(),
  sprite: z.object({ columns: z.number().int(), frames: z.number().int(), frame_width: z.number().int(), frame_height: z.number().int() }).nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  deleted_at: z.string().nullable(),
  has_audio: z.boolean().nullable().describe('Whether the file has a sound track (null when unknown)'),
  transcript_job_id: z.uuid().nullable().describe('The transcription attached to this asset (GET /api/audio/jobs/{id} has its words)'),
  captions_url: z.string().nullable().describe('Signed WebVTT captions of the attached transcript, for a <track> element'),
});
export type AssetView = z.infer<typeof AssetSchema>;

const AssetParams = z.object({ id });

const TagsSchema = z.array(z.string().trim().min(1).max(50)).max(50);

/**
 * The text fields of an upload, beside "file". A form has no arrays: `tags` comes once per tag, or
 * once as a comma-separated list (`-F tags=reel,dusk`), or both.
 */
export const UploadFieldsSchema = z.object({
  title: z.string().max(200).optional().describe('Defaults to the file name without its extension'),
  tags: z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((t) => t.trim()).filter((t) => t !== ''))
    .pipe(TagsSchema)
    .optional()
    .describe('Up to 50 tags of at most 50 characters: repeat the field once per tag, or send a comma-separated list'),
});

export const listAssets = {
  method: 'GET',
  path: '/api/media/assets',
  summary: 'List media assets, newest first, with keyset pagination (trash=true lists the trash)',
  tags: ['media'],
  query: z.object({
    asset_type: AssetTypeSchema.optional(),
    universe_id: id.optional(),
    tag: z.string().max(50).optional(),
    trash: z.enum(['true', 'false']).default('false'),
    limit: z.coerce.number().int().min(1).max(100).default(24),
    cursor: z.string().max(200).optional(),
  }),
  response: z.object({ assets: z.array(AssetSchema), next_cursor: z.string().nullable() }),
} satisfies Contract;

export const uploadAsset = {
  method: 'POST',
  path: '/api/media/assets',
  summary: 'Upload a video, image or audio file (multipart/form-data, field "file"; optional "title", "tags"); streamed, size-capped and sniffed',
  tags: ['media'],
  status: 201,
  idempotent: true,
  form: UploadFieldsSchema,
  response: z.object({ asset: AssetSchema }),
} satisfies Contract;

export const getAsset = {
  method: 'GET',
  path: '/api/media/assets/{id}',
  summary: 'One media asset with signed content and thumbnail URLs',
  tags: ['media'],
  params: AssetParams,
  response: z.object({ asset: AssetSchema }),
} satisfies Contract;

export const updateAsset = {
  method: 'PATCH',
  path: '/api/media/assets/{id}',
  summary: 'Change title, description, tags or pinned',
  tags: ['media'],
  params: AssetParams,
  body: z
    .object({
      title: z.string().max(200).optional(),
      description: z.string().max(5000).optional(),
      tags: TagsSchema.optional(),
      pinned: z.boolean().optional(),
    })
    .refine((b) => Object.keys(b).length > 0, { message: 'send at least one of title, description, tags, pinned' }),
  response: z.object({ asset: AssetSchema }),
} satisfies Contract;

export const deleteAsset = {
  method: 'DELETE',
  path: '/api/media/assets/{id}',
  summary: 'Move an asset to the trash (restorable until the trash period ends)',
  tags: ['media'],
  params: AssetParams,
  response: z.object({ asset: AssetSchema }),
} satisfies Contract;

export const restoreAsset = {
  method: 'POST',
  path: '/api/media/assets/{id}/restore',
  summary: 'Bring an asset back from the trash',
  tags: ['media'],
  params: AssetParams,
  response: z.object({ asset: AssetSchema }),
} satisfies Contract;

export const assetContent = {
  method: 'GET',
  path: '/api/media/assets/{id}/content',
  summary: 'The media bytes (range requests, ETag, 304)',
  tags: ['media'],
  auth: 'signed',
  rateLimit: 'none',
  params: AssetParams,
} satisfies Contract;

export const assetThumbnail = {
  method: 'GET',
  path: '/api/media/assets/{id}/thumbnail',
  summary: 'The poster image (JPEG)',
  tags: ['media'],
  auth: 'signed',
  rateLimit: 'none',
  params: AssetParams,
} satisfies Contract;

export const assetSprite = {
  method: 'GET',
  path: '/api/media/assets/{id}/sprite',
  summary: 'A strip of small frames for hover scrubbing (JPEG)',
  tags: ['media'],
  auth: 'signed',
  rateLimit: 'none',
  params: AssetParams,
} satisfies Contract;
