import { z } from 'zod';
import type { Contract } from '@/lib/api/contracts';
import { UuidSchema } from '@/lib/api/uuid';
import { MUSIC_ENGINES, SPEECH_ENGINES, STEM_ENGINES, TRANSCRIPTION_ENGINES } from '@/lib/audio/names';
import { WebhookRequestFields } from '@/lib/webhooks/schemas';

const id = UuidSchema;
const universe = id.optional();

export const AudioGenerationTypeSchema = z.enum(['text_to_speech', 'text_to_music', 'stem_separation', 'transcription']);

const SpeechSchema = z.object({
  generation_type: z.literal('text_to_speech'),
  text: z.string().trim().min(1, 'text must not be empty').max(5000, 'text must be at most 5000 characters'),
  voice: z.string().max(100).optional().describe('An engine voice id; GET /api/audio/engines lists them'),
  speed: z.number().min(0.5).max(3).optional().describe('1 is the normal pace'),
  language: z.string().regex(/^[a-z]{2}(-[A-Za-z]{2})?$/, 'language must be an ISO 639-1 code such as "en"').optional(),
  provider: z.enum(SPEECH_ENGINES).default('local'),
  model: z.string().max(200).optional(),
  universe_id: universe,
  ...WebhookRequestFields,
});

const MusicSchema = z.object({
  generation_type: z.literal('text_to_music'),
  prompt: z.string().trim().min(1, 'prompt must not be empty').max(2000),
  mood: z.number().min(0).max(100).default(50).describe('The studio mood: sets tempo, key, instruments and dynamics'),
  duration: z.number().min(3, 'duration must be at least 3 s').max(300, 'duration must be at most 300 s').default(30),
  format: z.enum(['mp3', 'wav']).default('mp3'),
  instrumental: z.boolean().default(true),
  seed: z.union([z.string().max(200), z.number()]).optional(),
  provider: z.enum(MUSIC_ENGINES).default('local'),
  model: z.string().max(200).optional(),
  universe_id: universe,
  ...WebhookRequestFields,
});

const StemsSchema = z.object({
  generation_type: z.literal('stem_separation'),
  audio_asset_id: id.describe('An audio (or video) asset to split into stems'),
  provider: z.enum(STEM_ENGINES).default('local'),
  universe_id: universe,
  ...WebhookRequestFields,
});

export const GenerateAudioSchema = z.discriminatedUnion('generation_type', [SpeechSchema, MusicSchema, StemsSchema]);

/** The fields of a transcription request; a multipart upload sends them as form fields beside `file`. */
export const TranscribeFieldsSchema = z.object({
  language: z.string().regex(/^[a-z]{2}$/, 'language must be an ISO 639-1 code such as "en"').optional(),
  provider: z.enum(['auto', ...TRANSCRIPTION_ENGINES]).default('auto').describe('auto: a configured recogniser, or the local aligner when expected_text is given'),
  expected_text: z.string().trim().min(1).max(20_000).optional().describe('A known script (narration, lyrics): the local aligner times it word by word'),
  // Form fields arrive as text: "false" must mean false, which z.coerce.boolean would not give.
  attach: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).default(true).describe('Attach the transcript to the asset, so its player shows captions'),
  universe_id: universe,
  ...WebhookRequestFields,
});
export const TranscribeJsonSchema = TranscribeFieldsSchema.extend({ asset_id: id });

const AudioAssetRefSchema = z.object({
  id: z.uuid(),
  role: z.string().describe('output, or stem:<name> for stems'),
  title: z.string(),
  content_url: z.string(),
  thumbnail_url: z.string().nullable(),
  duration_seconds: z.number().nullable(),
});

export const TranscriptionSchema = z.object({
  text: z.string(),
  language: z.string().nullable(),
  duration: z.number(),
  segments: z.array(z.object({ start: z.number(), end: z.number(), text: z.string() })),
  words: z.array(z.object({ word: z.string(), start: z.number(), end: z.number() })),
});

export const AudioJobSchema = z.object({
  id: z.uuid(),
  status: z.enum(['pending', 'processing', 'completed', 'failed', 'canceled']),
  generation_type: AudioGenerationTypeSchema,
  provider: z.string(),
  text: z.string().nullable(),
  prompt: z.string().nullable(),
  voice: z.string().nullable(),
  language: z.string().nullable(),
  mood: z.number().nullable(),
  mood_category: z.string().nullable(),
  duration: z.number().nullable(),
  input_asset_id: z.uuid().nullable(),
  universe_id: z.uuid().nullable(),
  production_id: z.uuid().nullable().describe('The production this job is part of (its narration, alignment or music), if any'),
  progress: z.number().int(),
  attempts: z.number().int(),
  error_code: z.string().nullable(),
  error_message: z.string().nullable(),
  cost: z.record(z.string(), z.unknown()).nullable(),
  details: z.record(z.string(), z.unknown()).describe('What the engine reported, e.g. the composer’s tempo and key'),
  assets: z.array(AudioAssetRefSchema),
  transcription: TranscriptionSchema.nullable(),
  transcript_vtt_url: z.string().nullable(),
  transcript_srt_url: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
});
export type AudioJobView = z.infer<typeof AudioJobSchema>;

const JobParams = z.object({ id });

export const generateAudio = {
  method: 'POST',
  path: '/api/audio/generate',
  summary: 'Create a text-to-speech, text-to-music or stem-separation job',
  tags: ['audio'],
  status: 202,
  rateLimit: 'generation',
  idempotent: true,
  body: GenerateAudioSchema,
  response: z.object({ job: AudioJobSchema }),
} satisfies Contract;

export const transcribeAudio = {
  method: 'POST',
  path: '/api/audio/transcribe',
  summary:
    'Transcribe an upload (multipart: "file" plus the fields below) or an existing asset (JSON with asset_id). Word and segment timestamps; exports as WebVTT and SRT',
  tags: ['audio'],
  status: 202,
  rateLimit: 'generation',
  idempotent: true,
  response: z.object({ job: AudioJobSchema }),
} satisfies Contract;

export const listAudioJobs = {
  method: 'GET',
  path: '/api/audio/jobs',
  summary: 'Audio jobs, newest first (keyset pagination)',
  tags: ['audio'],
  query: z.object({
    status: AudioJobSchema.shape.status.optional(),
    generation_type: AudioGenerationTypeSchema.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
  }),
  response: z.object({ jobs: z.array(AudioJobSchema), next_cursor: z.string().nullable() }),
} satisfies Contract;

export const getAudioJob = {
  method: 'GET',
  path: '/api/audio/jobs/{id}',
  summary: 'One audio job with its assets and, for transcriptions, the transcript',
  tags: ['audio'],
  params: JobParams,
  response: z.object({ job: AudioJobSchema }),
} satisfies Contract;

export const transcriptVtt = {
  method: 'GET',
  path: '/api/audio/jobs/{id}/transcript.vtt',
  summary: 'The transcript as WebVTT captions (works from a signed URL in a <track> element)',
  tags: ['audio'],
  auth: 'signed',
  params: JobParams,
} satisfies Contract;

export const transcriptSrt = {
  method: 'GET',
  path: '/api/audio/jobs/{id}/transcript.srt',
  summary: 'The transcript as SubRip captions',
  tags: ['audio'],
  auth: 'signed',
  params: JobParams,
} satisfies Contract;

const EngineInfoSchema = z.object({ name: z.string(), local: z.boolean(), configured: z.boolean(), note: z.string().optional(), voices: z.array(z.string()).optional() });

export const listAudioEngines = {
  method: 'GET',
  path: '/api/audio/engines',
  summary: 'Speech, music, stem and transcription engines, and which are usable on this server',
  tags: ['audio'],
  response: z.object({ speech: z.array(EngineInfoSchema), music: z.array(EngineInfoSchema), stems: z.array(EngineInfoSchema), transcription: z.array(EngineInfoSchema) }),
} satisfies Contract;

export const retryAudioJob = {
  method: 'POST',
  path: '/api/audio/jobs/{id}/retry',
  summary: 'Run a failed or canceled audio job again (409 otherwise)',
  tags: ['audio'],
  rateLimit: 'generation',
  params: JobParams,
  response: z.object({ job: AudioJobSchema }),
} satisfies Contract;

export const cancelAudioJob = {
  method: 'POST',
  path: '/api/audio/jobs/{id}/cancel',
  summary: 'Cancel a pending or processing audio job; a running engine is stopped (409 otherwise)',
  tags: ['audio'],
  params: JobParams,
  response: z.object({ job: AudioJobSchema }),
} satisfies Contract;
