// The sound half of the composition graph: music looped or cut to the piece, ducked under the
// narration by a sidechain compressor, mixed, then normalised to −14 LUFS integrated with true
// peaks under −1 dBTP, 48 kHz stereo, exactly as long as the picture.

export const TARGET_LUFS = -14;
/** loudnorm's true-peak ceiling: 0.5 dB under the −1 dBTP promise, for the AAC encoder's overshoot. */
export const TARGET_TP = -1.5;
export const TARGET_LRA = 11;
export const SAMPLE_RATE = 48000;

/**
 * The ducking: the compressor listens to the narration as it was delivered (before its gain, so
 * a quiet voice still ducks the music), lifted +12 dB so that any speech is far above the
 * threshold (−36 dBFS) and silence far below it. Ratio 20 would all but mute the music; mixing
 * 20 % of the dry music back bounds the ducking at 14 dB (−20·log10 0.2), so a voice of any level
 * ducks it by 8–14 dB instead of anything from 3 to 40.
 */
export const DUCKING = 'sidechaincompress=threshold=0.016:ratio=20:attack=15:release=350:knee=2:level_sc=4:mix=0.8';

export interface AudioSources {
  narration: { gainDb: number } | null;
  music: { gainDb: number } | null;
  narrationIndex: number | null;
  musicIndex: number | null;
  /** Exact length of the picture, seconds. */
  seconds: number;
}

export interface LoudnessMeasure {
  input_i: string;
  input_tp: string;
  input_lra: string;
  input_thresh: string;
  target_offset: string;
}

const NORM = `aresample=${SAMPLE_RATE},aformat=sample_fmts=fltp:sample_rates=${SAMPLE_RATE}:channel_layouts=stereo`;
const db = (gain: number) => `volume=${gain.toFixed(2)}dB`;

/** The mix before loudness: [mix]. */
function mixGraph(a: AudioSources, samples: number): string[] {
  const g: string[] = [];
  if (a.narration && a.narrationIndex !== null) g.push(`[${a.narrationIndex}:a]${NORM},apad,atrim=end_sample=${samples}[nar]`);
  if (a.music && a.musicIndex !== null) {
    const fadeOut = Math.max(0, a.seconds - 1).toFixed(3);
    g.push(`[${a.musicIndex}:a]${NORM},atrim=end_sample=${samples},${db(a.music.gainDb)},afade=t=in:d=0.05,afade=t=out:st=${fadeOut}:d=1[mus]`);
  }
  if (a.narration && a.music) {
    g.push(`[nar]asplit[nv][nsc]`, `[nv]${db(a.narration.gainDb)}[nmix]`, `[mus][nsc]${DUCKING}[duck]`);
    // amix divides by its input count on both builds; loudness is set afterwards anyway.
    g.push(`[duck][nmix]amix=inputs=2:duration=first:dropout_transition=0[mix]`);
  } else if (a.narration) g.push(`[nar]${db(a.narration.gainDb)}[mix]`);
  else g.push(`[mus]anull[mix]`);
  return g;
}

/**
 * [aout]. `measure`: loudnorm only prints the mix's loudness (pass 1). With a measurement:
 * loudnorm in linear mode with it (pass 2), which falls back to its dynamic mode by itself when
 * a linear gain would push the true peak over the ceiling. Without sources: digital silence.
 * The final aformat is needed on Debian's 5.1 (it cannot pick a layout after loudnorm otherwise).
 */
export function audioGraph(a: AudioSources, measured: LoudnessMeasure | 'measure' | null): string {
  const samples = Math.round(a.seconds * SAMPLE_RATE);
  if (!a.narration && !a.music) return `anullsrc=r=${SAMPLE_RATE}:cl=stereo,atrim=end_sample=${samples}[aout]`;
  const target = `I=${TARGET_LUFS}:TP=${TARGET_TP}:LRA=${TARGET_LRA}`;
  if (measured === 'measure') return [...mixGraph(a, samples), `[mix]loudnorm=${target}:print_format=json[aout]`].join(';');
  const linear = measured
    ? `:measured_I=${measured.input_i}:measured_TP=${measured.input_tp}:measured_LRA=${measured.input_lra}:measured_thresh=${measured.input_thresh}:offset=${measured.target_offset}:linear=true`
    : '';
  return [...mixGraph(a, samples), `[mix]loudnorm=${target}${linear},${NORM},apad,atrim=end_sample=${samples}[aout]`].join(';');
}

/** loudnorm's JSON report from pass 1's stderr lines. */
export function measureLoudness(stderr: string[]): LoudnessMeasure | null {
  const text = stderr.join('\n');
  const start = text.lastIndexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end < start) return null;
  try {
    const json = JSON.parse(text.slice(start, end + 1)) as Record<string, string>;
    const keys = ['input_i', 'input_tp', 'input_lra', 'input_thresh', 'target_offset'] as const;
    if (!keys.every((k) => Number.isFinite(Number(json[k])))) return null;
    return Object.fromEntries(keys.map((k) => [k, json[k]])) as unknown as LoudnessMeasure;
  } catch {
    return null;
  }
}
