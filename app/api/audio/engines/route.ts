import { listAudioEngines } from '@/lib/api/contracts/audio';
import { route } from '@/lib/api/route';
import { describeAudioEngines } from '@/lib/audio/engines';
import { describeTranscriptionEngines } from '@/lib/audio/engines/transcription';

export const dynamic = 'force-dynamic';

// GET /api/audio/engines – which speech, music, stem and transcription engines this server can use
export const GET = route(listAudioEngines, async () => ({ ...describeAudioEngines(), transcription: describeTranscriptionEngines() }));
