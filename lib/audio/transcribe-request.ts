import type { AudioJobView } from '@/lib/api/contracts/audio';
import { TranscribeFieldsSchema, TranscribeJsonSchema } from '@/lib/api/contracts/audio';
import { AppError } from '@/lib/errors';
import { errorStatus } from '@/lib/api/errors';
import { readJson, validate } from '@/lib/api/route';
import { pickTranscriptionEngine } from '@/lib/audio/engines/transcription';
import { createTranscriptionJob } from '@/lib/audio/jobs';
import { AudioEngineError } from '@/lib/audio/types';
import { discardAsset } from '@/lib/media/assets';
import { probe } from '@/lib/media/ffmpeg';
import { ingestFile } from '@/lib/media/ingest';
import { thumbnailJob } from '@/lib/media/thumbnail-queue';
import { receiveUpload, unreadableUpload } from '@/lib/media/upload';
import { titleFromFilename } from '@/lib/media/uploads';
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
 * after its fields are validated, an engine is known to exist and the file is known to have a
 * sound track) or JSON naming an asset. A refused upload leaves no asset and no stored file.
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
    // Probed before anything is stored: a silent file is refused here, not after it became an asset.
    const info = await probe(upload.file).catch(unreadableUpload);
    if (!info.hasAudio) {
      throw new AppError('unprocessable_entity', `The uploaded ${upload.type.assetType} has no sound track to transcribe`, [{ path: 'file', message: 'no audio' }]);
    }
    const title = typeof upload.fields.title === 'string' ? upload.fields.title.slice(0, 200) : titleFromFilename(upload.filename);
    const asset = await ingestFile({ file: upload.file, type: upload.type, sourceType: 'uploaded', title, probe: info }).catch(unreadableUpload);
    return { assetId: asset.id, input: fields };
  });
  let job: AudioJobView;
  try {
    job = await createTranscriptionJob(assetId, input);
  } catch (err) {
    // Refused after all (e.g. an unknown universe_id): the upload made for this request goes too.
    if (err instanceof AppError && errorStatus(err) < 500) await discardAsset(assetId);
    throw err;
  }
  await thumbnailJob(assetId);
  return job;
}
