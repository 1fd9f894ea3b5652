import { z } from 'zod';
import type { Contract } from '@/lib/api/contracts';
import { AudioJobSchema } from '@/lib/api/contracts/audio';
import { ProductionSchema } from '@/lib/api/contracts/productions';
import { JobStatusSchema, VideoJobSchema } from '@/lib/api/contracts/video';

export const ACTIVITY_KINDS = ['video', 'audio', 'production'] as const;

const KindsSchema = z
  .string()
  .max(100)
  .transform((value) => value.split(',').map((k) => k.trim()).filter(Boolean))
  .pipe(z.array(z.enum(ACTIVITY_KINDS, { error: 'must be video, audio or production' })).min(1, 'name at least one kind'));

export const ActivityItemSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('video'), job: VideoJobSchema }),
  z.object({ kind: z.literal('audio'), job: AudioJobSchema }),
  z.object({ kind: z.literal('production'), production: ProductionSchema }),
]);

export const listAllJobs = {
  method: 'GET',
  path: '/api/jobs',
  summary:
    'Video jobs, audio jobs and productions together, newest first, with keyset pagination. `status` uses the job statuses; a production that is generating or composing counts as processing. `provider` leaves productions out (they have none)',
  tags: ['jobs'],
  query: z.object({
    kind: KindsSchema.optional().describe('comma separated: video, audio, production (default: all three)'),
    status: JobStatusSchema.optional(),
    provider: z.string().max(50).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional().describe('next_cursor of the previous page'),
  }),
  response: z.object({ jobs: z.array(ActivityItemSchema), next_cursor: z.string().nullable() }),
} satisfies Contract;
