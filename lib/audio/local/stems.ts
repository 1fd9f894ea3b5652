import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { MediaError, probe, runFfmpeg } from '@/lib/media/ffmpeg';
import { AudioEngineError, type Stem, type StemEngine } from '../types';

/**
 * Stems from ffmpeg filters: an APPROXIMATION, not a neural separator. Nothing here knows what a
 * voice or a drum is; it only uses where a sound sits in the stereo field and in the spectrum.
 *
 * - vocals: the centre channel. ffmpeg's `surround` upmix compares L and R per FFT bin and puts
 *   what is common to both (in level and phase) into FC, so a hard-panned guitar stays out while
 *   a centred voice goes in. Band-limited to 150 Hz–7 kHz, where a voice lives. Centred bass,
 *   kick and snare leak in within that band.
 * - accompaniment: L and R minus that centre (the side content, kept stereo), plus the centre
 *   outside the vocal band (a centred bass or kick below 150 Hz, cymbals above 7 kHz), so that
 *   vocals + accompaniment ≈ the input. (The upmix's own FL/FR are not used: depending on the
 *   ffmpeg version they still hold the centre at -6 dB. The centre's own level, -3 dB, was
 *   measured on the bundled ffmpeg; a version that scales FC differently leaves some voice here.)
 * - bass: the whole mix low-passed at 150 Hz (4th order). Kick drums land here too.
 * - drums: cymbals and hats (a 5 kHz high-pass) plus the 50–120 Hz kick band through a fast
 *   compressor with a slow attack, which keeps onsets and pushes sustained notes down. Sustained
 *   bass and bright synths still leak in.
 *
 * Mono input has no stereo field, so centre extraction degenerates: vocals are the 150 Hz–7 kHz
 * band of the signal and accompaniment is its complement (below 150 Hz + above 7 kHz); the result
 * says so in `notes`. Everything runs as one ffmpeg pass (asplit → four WAV outputs).
 */

const STEMS = ['vocals', 'accompaniment', 'bass', 'drums'] as const;

/** The percussive approximation, shared by both layouts: cymbal band + gated-ish kick band. */
const drums = (layout: 'mono' | 'stereo') =>
  [
    '[d]asplit=2[d1][d2]',
    `[d1]highpass=f=5000,highpass=f=5000,aformat=channel_layouts=${layout}[hat]`,
    // Slow attack lets each onset through before the 20:1 gain reduction lands on what sustains.
    `[d2]highpass=f=50,lowpass=f=120,acompressor=threshold=0.05:ratio=20:attack=15:release=150:makeup=4,aformat=channel_layouts=${layout}[kick]`,
    `[hat][kick]amerge=inputs=2,${layout === 'stereo' ? 'pan=stereo|c0=c0+c2|c1=c1+c3' : 'pan=mono|c0=c0+c1'}[drums]`,
  ];

function stereoGraph(duration: number | null): string {
  // surround drops the last partial FFT window; padding then trimming keeps the input's length.
  const upmix = duration ? `apad=pad_len=8192,surround=chl_out=3.0:chl_in=stereo:lfe=0,atrim=duration=${duration}` : 'surround=chl_out=3.0:chl_in=stereo:lfe=0';
  return [
    '[0:a]aformat=sample_fmts=fltp:channel_layouts=stereo,asplit=4[s][o][b][d]',
    // FC carries a centred source at -3 dB (the upmix preserves power): ×√2 restores its level.
    `[s]${upmix},pan=mono|c0=1.414*FC,asplit=4[c0][c1][c2][c3]`,
    '[c0]highpass=f=150,lowpass=f=7000[vocals]',
    '[c1]aformat=channel_layouts=mono[cfull]',
    '[c2]lowpass=f=150,aformat=channel_layouts=mono[clo]',
    '[c3]highpass=f=7000,aformat=channel_layouts=mono[chi]',
    '[o]aformat=channel_layouts=stereo[orig]',
    // L − centre and R − centre (unfiltered, so it cancels in phase), then the centre's out-of-band parts added back.
    '[orig][cfull][clo][chi]amerge=inputs=4,pan=stereo|c0=c0-c2+c3+c4|c1=c1-c2+c3+c4[accompaniment]',
    '[b]lowpass=f=150,lowpass=f=150[bass]',
    ...drums('stereo'),
  ].join(';');
}

function monoGraph(): string {
  return [
    '[0:a]aformat=sample_fmts=fltp:channel_layouts=mono,asplit=4[v][a][b][d]',
    '[v]highpass=f=150,lowpass=f=7000[vocals]',
    '[a]asplit=2[a1][a2]',
    '[a1]lowpass=f=150,aformat=channel_layouts=mono[alo]',
    '[a2]highpass=f=7000,aformat=channel_layouts=mono[ahi]',
    '[alo][ahi]amerge=inputs=2,pan=mono|c0=c0+c1[accompaniment]',
    '[b]lowpass=f=150,lowpass=f=150[bass]',
    ...drums('mono'),
  ].join(';');
}

export class LocalStemEngine implements StemEngine {
  readonly name = 'local';
  readonly local = true;
  readonly note = 'approximation with ffmpeg filters, not a neural separator';

  async separate(inputFile: string, outputDir: string, signal?: AbortSignal): Promise<{ stems: Stem[]; notes: string[] }> {
    let info;
    try {
      info = await probe(inputFile);
    } catch (err) {
      throw new AudioEngineError(err instanceof MediaError ? err.message : 'the input could not be read', 'permanent');
    }
    if (!info.hasAudio) throw new AudioEngineError('the input has no audio track to separate', 'permanent');
    const mono = info.channels === 1;
    await mkdir(outputDir, { recursive: true });
    const stems: Stem[] = STEMS.map((name) => ({ name, file: path.join(outputDir, `${name}.wav`) }));
    const graph = mono ? monoGraph() : stereoGraph(info.durationSeconds);
    await runFfmpeg(
      (c) => {
        c.input(inputFile).complexFilter(graph);
        for (const stem of stems) c.output(stem.file).outputOptions(['-map', `[${stem.name}]`, '-c:a', 'pcm_s16le', '-y']);
        return c;
      },
      { signal, durationSeconds: info.durationSeconds ?? undefined, failureMessage: 'the audio could not be split into stems' },
    );
    const notes = mono
      ? ['mono input: no stereo field to extract a centre from; vocals are the 150 Hz–7 kHz band and accompaniment is the rest']
      : [];
    if ((info.channels ?? 2) > 2) notes.push(`${info.channels}-channel input was downmixed to stereo first`);
    return { stems, notes };
  }
}
