import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { FfmpegCommand } from 'fluent-ffmpeg';
import { MediaError, probe, runFfmpeg } from '@/lib/media/ffmpeg';
import { AudioEngineError, type Stem, type StemEngine } from '../types';
import { extractCentreFile } from './centre';

/**
 * Stems by signal processing: an APPROXIMATION, not a neural separator. Nothing here knows what a
 * voice or a drum is; it only uses where a sound sits in the stereo field and in the spectrum.
 *
 * - vocals: the centre channel, computed here in TypeScript (./centre.ts): per FFT bin, what is
 *   common to L and R in level and phase goes to the centre, so a hard-panned guitar stays out
 *   while a centred voice goes in. Band-limited to 150 Hz–7 kHz, where a voice lives. Centred
 *   bass, kick and snare leak in within that band, and so does some stereo noise and reverb.
 * - accompaniment: L and R minus that centre (the side content, kept stereo), plus the centre
 *   outside the vocal band (a centred bass or kick below 150 Hz, cymbals above 7 kHz), so that
 *   vocals + accompaniment ≈ the input.
 * - bass: the whole mix low-passed at 150 Hz (4th order). Kick drums land here too.
 * - drums: cymbals and hats (a 5 kHz high-pass) plus the 50–120 Hz kick band through a fast
 *   compressor with a slow attack, which keeps onsets and pushes sustained notes down. Sustained
 *   bass and bright synths still leak in.
 *
 * ffmpeg only decodes (to float PCM) and runs filters that behave the same in every build we
 * test (biquads, pan, amerge, acompressor). The centre used to come from ffmpeg's `surround`
 * upmix, whose output changed between versions (in Debian's 5.1 the hard-panned side ended up in
 * the centre); the stem tests now run against every ffmpeg build on the machine.
 *
 * Mono input has no stereo field, so centre extraction degenerates: vocals are the 150 Hz–7 kHz
 * band of the signal and accompaniment is its complement (below 150 Hz + above 7 kHz); the result
 * says so in `notes`. Stereo runs three passes (decode, centre, filters → four WAV outputs); mono
 * runs the filters only.
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

/** Input 0: the decoded stereo mix; input 1: its centre, sample-aligned. */
function stereoGraph(): string {
  return [
    '[0:a]aformat=sample_fmts=fltp:channel_layouts=stereo,asplit=3[o][b][d]',
    '[1:a]aformat=sample_fmts=fltp:channel_layouts=mono,asplit=4[c0][c1][c2][c3]',
    '[c0]highpass=f=150,lowpass=f=7000[vocals]',
    '[c2]lowpass=f=150[clo]',
    '[c3]highpass=f=7000[chi]',
    // L − centre and R − centre (unfiltered, so it cancels in phase), then the centre's out-of-band parts added back.
    '[o][c1][clo][chi]amerge=inputs=4,pan=stereo|c0=c0-c2+c3+c4|c1=c1-c2+c3+c4[accompaniment]',
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

const rawInput = (rate: number, channels: number) => ['-f', 'f32le', '-ar', String(rate), '-ac', String(channels)];

function writeStems(c: FfmpegCommand, stems: Stem[]): FfmpegCommand {
  for (const stem of stems) c.output(stem.file).outputOptions(['-map', `[${stem.name}]`, '-c:a', 'pcm_s16le', '-y']);
  return c;
}

async function separateStereo(inputFile: string, outputDir: string, stems: Stem[], rate: number, signal?: AbortSignal): Promise<void> {
  const failureMessage = 'the audio could not be split into stems';
  const mix = path.join(outputDir, '.mix.f32');
  const centre = path.join(outputDir, '.centre.f32');
  try {
    await runFfmpeg(
      (c) => c.input(inputFile).outputOptions(['-vn', '-sn', '-dn', '-ac', '2', '-ar', String(rate), '-c:a', 'pcm_f32le', '-f', 'f32le', '-y']).output(mix),
      { signal, failureMessage },
    );
    await extractCentreFile(mix, centre, rate, signal);
    await runFfmpeg(
      (c) => writeStems(c.input(mix).inputOptions(rawInput(rate, 2)).input(centre).inputOptions(rawInput(rate, 1)).complexFilter(stereoGraph()), stems),
      { signal, failureMessage },
    );
  } finally {
    await Promise.all([rm(mix, { force: true }), rm(centre, { force: true })]);
  }
}

export class LocalStemEngine implements StemEngine {
  readonly name = 'local';
  readonly local = true;
  readonly note = 'approximation by stereo-field and band analysis, not a neural separator';

  async separate(inputFile: string, outputDir: string, signal?: AbortSignal): Promise<{ stems: Stem[]; notes: string[] }> {
    let info: Awaited<ReturnType<typeof probe>>;
    try {
      info = await probe(inputFile);
    } catch (err) {
      throw new AudioEngineError(err instanceof MediaError ? err.message : 'the input could not be read', 'permanent');
    }
    if (!info.hasAudio) throw new AudioEngineError('the input has no audio track to separate', 'permanent');
    const mono = info.channels === 1;
    await mkdir(outputDir, { recursive: true });
    const stems: Stem[] = STEMS.map((name) => ({ name, file: path.join(outputDir, `${name}.wav`) }));
    if (mono) {
      await runFfmpeg((c) => writeStems(c.input(inputFile).complexFilter(monoGraph()), stems), {
        signal,
        durationSeconds: info.durationSeconds ?? undefined,
        failureMessage: 'the audio could not be split into stems',
      });
    } else {
      await separateStereo(inputFile, outputDir, stems, info.sampleRate ?? 44_100, signal);
    }
    const notes = mono
      ? ['mono input: no stereo field to extract a centre from; vocals are the 150 Hz–7 kHz band and accompaniment is the rest']
      : [];
    if ((info.channels ?? 2) > 2) notes.push(`${info.channels}-channel input was downmixed to stereo first`);
    return { stems, notes };
  }
}
