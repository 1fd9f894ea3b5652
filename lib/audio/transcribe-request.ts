import type { AudioJobView } from '@/lib/api/contracts/audio';
import { TranscribeFieldsSchema, TranscribeJsonSchema } from '@/lib/api/contracts/audio';
import { AppError } from '@/lib/api/errors';
import { readJson, validate } from '@/lib/api/route';
import { pickTranscriptionEngine } from '@/lib/audio/engines/transcription';
import { createTranscriptionJob } from '@/lib/audio/jobs';
import { AudioEngineError } from '@/lib/audio/types';
import { ingestFile } from '@/lib/media/ingest';
import { thumbnailJob } from '@/lib/media/thumbnail-queue';
import { receiveUpload, unreadableUpload } from '@/lib/media/upload';
import { withWorkDir } from '@/lib/media/workdir';

function assertEngine(provider: Parameters<typeof pickTranscriptionEngine>[0], expectedText: string | undefined): void {
  try {
    pickTranscriptionEngine(provider, Boolean(expectedText));
  } catch (err) {
    if (err instanceof AudioEngineError) throw new AppError('unprocessable_entity', err.message, [{ path: 'provider', message: 'no engine' }]);
    throw err;
  }
}

/**
 * POST /api/audio/transcribe: a multipart upload (stored as an asset like any other upload,
 * after its fields are validated and an engine is known to exist) or JSON naming an asset.
 */
export async function transcribeRequest(request: Request): Promise<AudioJobView> {
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  if (!type.startsWith('multipart/form-data')) {
    const { value } = await readJson(request);
    const input = validate(TranscribeJsonSchema, value, 'body');
    return createTranscriptionJob(input.asset_id, input);
  }
  const { assetId, input } = await withWorkDir(async (dir) => {
    const upload = await receiveUpload(request, dir);
    const fields = validate(TranscribeFieldsSchema, upload.fields, 'form fields');
    if (upload.type.assetType === 'image') throw new AppError('unsupported_media_type', 'Transcription needs an audio or video file, not an image');
    assertEngine(fields.provider, fields.expected_text);
    const title = (upload.fields.title ?? upload.filename.replace(/\.[^.]*$/, '')).slice(0, 200);
    const asset = await ingestFile({ file: upload.file, type: upload.type, sourceType: 'uploaded', title }).catch(unreadableUpload);
    return { assetId: asset.id, input: fields };
  });
  await thumbnailJob(assetId);
  return createTranscriptionJob(assetId, input);
}
