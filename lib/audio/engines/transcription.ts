import { ElevenLabsScribe } from '@/lib/audio/engines/elevenlabs-transcription';
import { OpenAiCompatibleTranscriber } from '@/lib/audio/engines/openai-transcription';
import { PocketsphinxAligner } from '@/lib/audio/local/aligner';
import type { TranscriptionEngineName } from '@/lib/audio/names';
import { AudioEngineError, type TranscriptionEngine } from '@/lib/audio/types';

const ENGINES: Record<TranscriptionEngineName, () => TranscriptionEngine> = {
  openai: () => new OpenAiCompatibleTranscriber(),
  elevenlabs: () => new ElevenLabsScribe(),
  pocketsphinx: () => new PocketsphinxAligner(),
};

const CONFIGURE = 'configure OPENAI_API_KEY (with OPENAI_BASE_URL for Groq or a self-hosted whisper server) or ELEVENLABS_API_KEY';

/**
 * The engine for a request. `auto` takes the local aligner when a script is known (it is exact
 * there), otherwise the first configured recogniser. When nothing fits, the error names what to set.
 */
export function pickTranscriptionEngine(requested: 'auto' | TranscriptionEngineName, hasExpectedText: boolean): TranscriptionEngine {
  if (requested !== 'auto') {
    const engine = ENGINES[requested]();
    if (!engine.available()) {
      throw new AudioEngineError(
        requested === 'pocketsphinx'
          ? 'The local aligner needs the soundswallower npm package and its en-us model (npm install), or a SoundSwallower model in POCKETSPHINX_MODEL_DIR'
          : `The ${requested} transcription engine is not configured: ${requested === 'openai' ? 'set OPENAI_API_KEY' : 'set ELEVENLABS_API_KEY'}`,
      );
    }
    if (engine.requiresExpectedText && !hasExpectedText) throw new AudioEngineError(`${requested} is an aligner: pass expected_text with the script to time`);
    return engine;
  }
  const aligner = ENGINES.pocketsphinx();
  if (hasExpectedText && aligner.available()) return aligner;
  for (const name of ['openai', 'elevenlabs'] as const) {
    const engine = ENGINES[name]();
    if (engine.available()) return engine;
  }
  if (aligner.available()) {
    throw new AudioEngineError(`No speech recogniser is configured. The local aligner only times a known script: pass expected_text, or ${CONFIGURE}`);
  }
  throw new AudioEngineError(`No transcription engine is available: ${CONFIGURE}, or install the soundswallower npm package (npm install) to align known scripts`);
}

export function describeTranscriptionEngines() {
  return (Object.keys(ENGINES) as TranscriptionEngineName[]).map((name) => {
    const engine = ENGINES[name]();
    return { name, local: engine.local, configured: engine.available(), ...(engine.note ? { note: engine.note } : {}) };
  });
}
