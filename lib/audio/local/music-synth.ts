import type { Category } from '@/lib/strategy';
import { STEMS, type Instrument, type Part, type Score, type Stem } from './music-score';

/**
 * Turns a score into ffmpeg filter-graph text. Pure string building: music.ts runs it.
 *
 * Every part becomes one `aevalsrc` whose channels are LANES: monophonic note sequences (a chord
 * of four notes needs four lanes). A lane's expression looks up the current note with a binary
 * tree of `if(lt(T,start))` over the note starts, but only when the time leaves the current note's
 * span (cached in variables), so a sample costs two comparisons plus the instrument itself, and
 * nothing at all once the note's gate has closed. Instruments are small FM / additive formulas
 * with exponential envelopes — cheap to evaluate and far more musical than bare sines.
 *
 * Time inside the expressions is cycle time T = (t − PREROLL) mod cycle: each source starts
 * PREROLL seconds before the cycle's top, playing the cycle's end, and that lead-in is trimmed
 * away. Filters and the resampler therefore start the cycle in the state the cycle's end leaves
 * them in, so a held drone passes the loop seam without a click.
 *
 * Expression variables: 0 noise state for random(0), 1 time since note start, 2 frequency,
 * 3 velocity, 4 gate length, 5 next note start, 6 this note's start, 7 phase 2π·f·τ, 8 T.
 */

/** Seconds rendered before the cycle's top and trimmed; a whole number of samples at every rate. */
export const PREROLL = 0.4;
/** Seconds rendered past the end and trimmed, so the resampler's end-of-stream flush is never heard. */
const POSTROLL = 0.1;

interface Voice {
  /**
   * Sample rate the lanes are evaluated at, resampled to 44.1 kHz after: every expression costs per
   * sample, so a pad low-passed at 2 kHz is computed at 11 025 Hz and only noise and bells at 44 100.
   */
  rate: 11025 | 22050 | 44100;
  /** Envelope attack and release, seconds; 0 leaves the side out. */
  attack: number;
  release: number;
  /** Placeholders: {T} time since note start, {P} phase, {W} a slow LFO rate that loops with the cycle. */
  body: string;
  filters: string[];
  maxLanes: number;
}

const TAU = '6.2831853';
const noise = '(2*random(0)-1)';

export const VOICES: Record<Instrument, Voice> = {
  // Sine with a fast pitch drop (141 → 46 Hz): the phase is the integral of 46 + 95·e^(−28τ).
  kick: { rate: 11025, attack: 0.001, release: 0.02, body: `exp(-5*{T})*sin(${TAU}*(46*{T}+3.4*(1-exp(-28*{T}))))`, filters: [], maxLanes: 1 },
  soft_kick: { rate: 11025, attack: 0.002, release: 0.03, body: `exp(-7*{T})*sin(${TAU}*(52*{T}+1.6*(1-exp(-22*{T}))))`, filters: ['lowpass=f=400'], maxLanes: 1 },
  // A hand clap is three quick noise bursts and a tail.
  clap: { rate: 22050, attack: 0.001, release: 0.02, body: `${noise}*(0.6*exp(-14*{T})+0.6*exp(-90*mod({T},0.011))*lt({T},0.033))`, filters: ['bandpass=f=1500:width_type=q:w=0.9', 'highpass=f=300'], maxLanes: 1 },
  hat: { rate: 44100, attack: 0.0005, release: 0.01, body: `${noise}*exp(-50*{T})`, filters: ['highpass=f=7000', 'highpass=f=7000'], maxLanes: 1 },
  rim: { rate: 22050, attack: 0.0005, release: 0.02, body: `exp(-45*{T})*(0.6*sin(${TAU}*1750*{T})+0.4*sin(${TAU}*820*{T}))+0.3*${noise}*exp(-120*{T})`, filters: ['highpass=f=400'], maxLanes: 1 },
  shaker: { rate: 44100, attack: 0.015, release: 0.02, body: `${noise}*exp(-28*{T})`, filters: ['highpass=f=5000', 'lowpass=f=11000'], maxLanes: 1 },
  // FM bass: the index falls from 2.2 to 0.8 after the attack, a saw-ish bite then a round tail.
  synth_bass: { rate: 11025, attack: 0.004, release: 0.03, body: `exp(-2*{T})*(sin({P}+(0.8+1.4*exp(-9*{T}))*sin({P}))+0.35*sin({P}))`, filters: ['lowpass=f=1000'], maxLanes: 1 },
  sub_bass: { rate: 11025, attack: 0.02, release: 0.15, body: `exp(-0.7*{T})*(sin({P})+0.3*sin(2*{P})+0.1*sin(3*{P}))`, filters: ['lowpass=f=500'], maxLanes: 1 },
  pluck: { rate: 22050, attack: 0.002, release: 0.02, body: `exp(-9*{T})*sin({P}+2.4*exp(-14*{T})*sin({P}))+0.25*exp(-12*{T})*sin(2*{P})`, filters: ['lowpass=f=6500'], maxLanes: 1 },
  // Two FM voices detuned by ±0.5 %: the beating is what makes it a "supersaw"-like pad.
  saw_pad: { rate: 11025, attack: 0.15, release: 0.2, body: `0.5*(sin(1.005*{P}+1.4*sin(1.005*{P}))+sin(0.995*{P}+1.4*sin(0.995*{P})))`, filters: ['lowpass=f=2200'], maxLanes: 4 },
  warm_pad: { rate: 11025, attack: 0.9, release: 0.8, body: `0.5*sin({P})+0.3*sin(1.004*{P})+0.25*sin(2.002*{P})+0.1*sin(3.001*{P})`, filters: ['lowpass=f=1800'], maxLanes: 4 },
  glass_pad: { rate: 11025, attack: 2.5, release: 2.5, body: `(0.8+0.2*sin(${TAU}*0.17*{T}))*(0.4*(sin(0.996*{P})+sin(1.004*{P}))+0.18*sin(2.003*{P})+0.1*sin(3*{P}+0.5*sin({P})))`, filters: ['lowpass=f=2500'], maxLanes: 4 },
  // DX-style electric piano: a 1:1 FM pair with a decaying index plus a quick 7th-partial "tine".
  epiano: { rate: 22050, attack: 0.003, release: 0.25, body: `exp(-1.2*{T})*sin({P}+1.5*exp(-2.8*{T})*sin({P}))+0.1*exp(-9*{T})*sin(7*{P})`, filters: ['lowpass=f=8000'], maxLanes: 4 },
  piano: { rate: 22050, attack: 0.003, release: 0.3, body: `exp(-1.4*{T})*(sin({P}+0.9*exp(-4*{T})*sin({P}))+0.3*exp(-1.5*{T})*sin(2.001*{P})+0.12*exp(-3*{T})*sin(3.003*{P}))`, filters: ['lowpass=f=5000'], maxLanes: 2 },
  guitar: { rate: 22050, attack: 0.002, release: 0.1, body: `exp(-2.6*{T})*sin({P}+(0.6+2.6*exp(-11*{T}))*sin({P}))+0.2*exp(-4*{T})*sin(2*{P}+exp(-20*{T})*sin(3*{P}))`, filters: ['highpass=f=80', 'lowpass=f=5500'], maxLanes: 3 },
  // 3.5:1 FM gives the inharmonic partials of a bell or glass.
  bell: { rate: 44100, attack: 0.002, release: 0.3, body: `exp(-1.1*{T})*sin({P}+1.6*exp(-1.6*{T})*sin(3.5*{P}))`, filters: ['lowpass=f=7000'], maxLanes: 3 },
  // The same partials swelling in over 40 ms: a struck glass heard from afar, for ambient beds.
  chime: { rate: 44100, attack: 0.04, release: 0.5, body: `exp(-0.7*{T})*sin({P}+1.2*exp(-1.2*{T})*sin(3.5*{P}))`, filters: ['lowpass=f=6000'], maxLanes: 3 },
  lead: { rate: 22050, attack: 0.01, release: 0.05, body: `exp(-0.8*{T})*sin({P}+(1.2+0.6*exp(-6*{T}))*sin({P}))`, filters: ['lowpass=f=4500'], maxLanes: 1 },
  // Root + fifth + octave, breathing with an LFO; its pitch is tuned so the cycle loops seamlessly.
  drone: { rate: 11025, attack: 0, release: 0, body: `(0.75+0.25*sin(${TAU}*{W}*ld(8)))*(sin({P})+0.45*sin(1.5*{P})+0.25*sin(2*{P}+0.8*sin({P})))`, filters: ['lowpass=f=900'], maxLanes: 1 },
};

/** A note in seconds, ready for a lane. */
export interface LaneNote {
  start: number;
  gate: number;
  freq: number;
  velocity: number;
}

export const midiToFreq = (midi: number) => 440 * 2 ** ((midi - 69) / 12);
const n = (x: number, digits = 5) => String(Number(x.toFixed(digits)));

/**
 * Greedy lane assignment: a note goes to the first lane that is free by its start. With every
 * lane busy the one that frees first is cut short (its note ends where the new one starts).
 */
export function assignLanes(notes: LaneNote[], maxLanes: number): LaneNote[][] {
  const lanes: LaneNote[][] = [];
  for (const note of [...notes].sort((a, b) => a.start - b.start)) {
    const end = (l: LaneNote[]) => l[l.length - 1].start + l[l.length - 1].gate;
    let lane = lanes.find((l) => end(l) <= note.start + 1e-9);
    if (!lane && lanes.length < maxLanes) {
      lane = [];
      lanes.push(lane);
    }
    if (!lane) {
      lane = lanes.reduce((a, b) => (end(a) <= end(b) ? a : b));
      const last = lane[lane.length - 1];
      last.gate = Math.max(0.001, note.start - last.start);
    }
    lane.push({ ...note });
  }
  return lanes;
}

/** The note lookup: a balanced tree that stores the note's parameters for the sample loop. */
function lookupTree(notes: LaneNote[], lo: number, hi: number): string {
  if (lo === hi) {
    const next = lo + 1 < notes.length ? n(notes[lo + 1].start) : '1e9';
    if (lo < 0) return `st(6,0)+st(4,0)+st(5,${next})`;
    const note = notes[lo];
    return `st(6,${n(note.start)})+st(2,${n(note.freq, 3)})+st(3,${n(note.velocity, 3)})+st(4,${n(note.gate)})+st(5,${next})`;
  }
  const mid = Math.floor((lo + hi) / 2) + 1;
  return `if(lt(ld(8),${n(notes[mid].start)}),${lookupTree(notes, lo, mid - 1)},${lookupTree(notes, mid, hi)})`;
}

export function laneExpression(notes: LaneNote[], voice: Voice, cycleSeconds: number): string {
  const body = voice.body
    .replaceAll('{T}', 'ld(1)')
    .replaceAll('{P}', 'ld(7)')
    .replaceAll('{W}', n(2 / cycleSeconds, 6));
  const envelope = ['ld(3)'];
  if (voice.attack > 0) envelope.push(`min(1,ld(1)/${voice.attack})`);
  if (voice.release > 0) envelope.push(`min(1,(ld(4)-ld(1))/${voice.release})`);
  // Index -1 is the rest before the first note.
  return [
    `st(8,mod(t+${n(cycleSeconds - PREROLL)},${n(cycleSeconds)}))`,
    // Look up again when T passes the next start, or wraps back to before this note's start.
    `if(gte(ld(8),ld(5))+lt(ld(8),ld(6)),${lookupTree(notes, -1, notes.length - 1)},0)`,
    'st(1,ld(8)-ld(6))',
    `if(lt(ld(1),ld(4)),st(7,${TAU}*ld(2)*ld(1));${envelope.join('*')}*(${body}),0)`,
  ].join(';');
}

/** The score's notes of one part in seconds, inside the rendered span. */
export function partNotes(part: Part, score: Score, spanSeconds: number): LaneNote[] {
  const secondsPerBeat = 60 / score.bpm;
  return part.events
    .map((e) => {
      let freq = e.midi === null ? 0 : midiToFreq(e.midi);
      // A drone holds for the whole cycle; an even number of periods per cycle keeps root, fifth and
      // octave continuous across the loop seam (a retune of a few cents at most).
      if (part.instrument === 'drone') freq = (2 * Math.max(1, Math.round((freq * score.cycleSeconds) / 2))) / score.cycleSeconds;
      return { start: e.beat * secondsPerBeat, gate: e.length * secondsPerBeat, freq, velocity: e.velocity };
    })
    .filter((note) => note.start < spanSeconds);
}

/** Constant-power pan, scaled so the centre keeps unity gain in each channel. */
const panGains = (pan: number) => {
  const angle = ((pan + 1) * Math.PI) / 4;
  return [Math.cos(angle) * Math.SQRT2, Math.sin(angle) * Math.SQRT2];
};

/**
 * The graph that renders `spanSeconds` of the score into one stereo stream per stem, labelled
 * `[stem_<name>]`. Returns the stems that have parts.
 */
export function stemsGraph(score: Score, spanSeconds: number): { graph: string; stems: Stem[] } {
  const chains: string[] = [];
  const byStem = new Map<Stem, string[]>();
  score.parts.forEach((part, i) => {
    const voice = VOICES[part.instrument];
    const lanes = assignLanes(partNotes(part, score, spanSeconds), voice.maxLanes);
    if (lanes.length === 0) return;
    const exprs = lanes.map((lane) => laneExpression(lane, voice, score.cycleSeconds)).join('|');
    const chain = [`aevalsrc=exprs='${exprs}':s=${voice.rate}:d=${n(PREROLL + spanSeconds + POSTROLL)}`];
    if (lanes.length > 1) chain.push(`pan=mono|c0=${lanes.map((_, c) => `c${c}`).join('+')}`);
    if (voice.rate !== 44100) chain.push('aresample=44100');
    chain.push(...voice.filters);
    const [left, right] = panGains(part.pan);
    chain.push(`pan=stereo|c0=${n(part.gain * left, 4)}*c0|c1=${n(part.gain * right, 4)}*c0`);
    const from = Math.round(PREROLL * 44100);
    chain.push(`atrim=start_sample=${from}:end_sample=${from + Math.round(spanSeconds * 44100)}`, 'asetpts=PTS-STARTPTS');
    chains.push(`${chain.join(',')}[p${i}]`);
    byStem.set(part.stem, [...(byStem.get(part.stem) ?? []), `[p${i}]`]);
  });
  const stems: Stem[] = [];
  for (const stem of STEMS) {
    const inputs = byStem.get(stem);
    if (!inputs) continue;
    stems.push(stem);
    // amix divides by its input count; the volume after it puts the plain sum back.
    chains.push(inputs.length === 1 ? `${inputs[0]}anull[stem_${stem}]` : `${inputs.join('')}amix=inputs=${inputs.length}:duration=first,volume=${inputs.length}[stem_${stem}]`);
  }
  return { graph: chains.join(';'), stems };
}

// ——— mixing: arrangement over the whole duration, space per stem, master bus ———

interface Mastering {
  fadeIn: number;
  fadeOut: number;
  gain: number;
  /** Multi-tap echo per stem: delays in beats (tempo-synced) or ms (room), with decays. */
  space: Partial<Record<Stem, { beats?: number[]; ms?: number[]; decays: number[] }>>;
}

// Room-like taps at mutually prime spacings so they smear into a tail instead of a flutter.
const ROOM = [31, 47, 67, 89, 113, 149, 191];
const HALL = [53, 89, 131, 181, 239, 307, 397, 491];

const MASTERING: Record<Category, Mastering> = {
  high_energy: {
    fadeIn: 0.2, fadeOut: 2, gain: 1.4,
    space: { harmony: { ms: ROOM, decays: [0.3, 0.26, 0.22, 0.18, 0.14, 0.1, 0.07] }, lead: { beats: [0.75, 1.5], decays: [0.35, 0.15] } },
  },
  luxury_reveal: {
    fadeIn: 1.5, fadeOut: 3, gain: 1.6,
    space: {
      harmony: { ms: HALL, decays: [0.35, 0.3, 0.26, 0.22, 0.18, 0.14, 0.1, 0.07] },
      lead: { beats: [0.75, 1.5, 2.25], decays: [0.4, 0.25, 0.12] },
      drums: { ms: ROOM, decays: [0.2, 0.16, 0.12, 0.1, 0.08, 0.06, 0.04] },
    },
  },
  intimate_story: {
    fadeIn: 1, fadeOut: 2.5, gain: 2.2,
    space: { harmony: { ms: ROOM, decays: [0.28, 0.24, 0.2, 0.16, 0.12, 0.09, 0.06] }, lead: { ms: HALL, decays: [0.3, 0.26, 0.22, 0.18, 0.14, 0.1, 0.07, 0.05] } },
  },
  surreal_trip: {
    fadeIn: 3, fadeOut: 4, gain: 1.8,
    space: {
      harmony: { ms: HALL.map((d) => d * 2), decays: [0.4, 0.35, 0.3, 0.26, 0.22, 0.18, 0.14, 0.1] },
      lead: { beats: [1.5, 3, 4.5], decays: [0.45, 0.28, 0.15] },
    },
  },
};

/** Piecewise-linear stem levels over the whole piece: [seconds, level] points. */
export type Automation = [number, number][];

/**
 * Variation across loops of the cycle: the drums (and half the bass) wait for the second half of
 * the first cycle, and every third cycle that is not the last drops them again for a breakdown.
 * A piece that fits in one cycle plays as composed.
 */
export function arrangement(score: Score, durationSeconds: number): Partial<Record<Stem, Automation>> {
  const cycles = Math.ceil(durationSeconds / score.cycleSeconds - 1e-6);
  if (cycles <= 1) return {};
  const half = score.cycleSeconds / 2;
  const ramp = 0.08;
  const result: Partial<Record<Stem, Automation>> = {};
  for (const stem of ['drums', 'bass'] as const) {
    const low = stem === 'drums' ? 0 : 0.5;
    const points: Automation = [];
    for (let k = 0; k < cycles; k++) {
      const start = k * score.cycleSeconds;
      const quiet = k === 0 || (k % 3 === 2 && k < cycles - 1);
      const level = quiet ? low : 1;
      points.push([start, level], [start + half - ramp, level], [start + half, 1], [start + score.cycleSeconds - ramp, 1]);
    }
    result[stem] = points;
  }
  return result;
}

function automationExpression(points: Automation): string {
  let expr = n(points[points.length - 1][1], 3);
  for (let i = points.length - 2; i >= 0; i--) {
    const [t0, v0] = points[i];
    const [t1, v1] = points[i + 1];
    const segment = v0 === v1 || t1 <= t0 ? n(v0, 3) : `${n(v0, 3)}+${n(v1 - v0, 3)}*(t-${n(t0, 3)})/${n(t1 - t0, 3)}`;
    expr = `if(lt(t,${n(t1, 3)}),${segment},${expr})`;
  }
  return expr;
}

function echo(spec: { beats?: number[]; ms?: number[]; decays: number[] }, bpm: number): string {
  const delays = spec.ms ?? (spec.beats ?? []).map((b) => Math.round((b * 60000) / bpm));
  // aecho sums dry and taps; out_gain keeps the sum near the dry level.
  const outGain = 1 / (1 + spec.decays.reduce((a, b) => a + b, 0) * 0.5);
  return `aecho=1:${n(outGain, 3)}:${delays.join('|')}:${spec.decays.join('|')}`;
}

/**
 * The master graph: each stem input gets its arrangement and its echo, then the stems are summed,
 * compressed gently and limited to −1.6 dBFS, faded, and labelled `[out]`.
 */
export function masterGraph(score: Score, durationSeconds: number, inputs: { stem: Stem; label: string }[]): string {
  const mastering = MASTERING[score.category];
  const automation = arrangement(score, durationSeconds);
  const chains: string[] = [];
  inputs.forEach(({ stem, label }, i) => {
    const chain: string[] = [];
    const points = automation[stem];
    if (points) chain.push(`volume='${automationExpression(points)}':eval=frame`);
    const space = mastering.space[stem];
    if (space) chain.push(echo(space, score.bpm));
    chains.push(`${label}${chain.length ? chain.join(',') : 'anull'}[m${i}]`);
  });
  const fadeIn = Math.min(mastering.fadeIn, durationSeconds / 4);
  const fadeOut = Math.min(mastering.fadeOut, durationSeconds / 4);
  chains.push(
    [
      `${inputs.map((_, i) => `[m${i}]`).join('')}amix=inputs=${inputs.length}:duration=longest`,
      `volume=${n(inputs.length * mastering.gain, 3)}`,
      'highpass=f=30',
      'acompressor=threshold=0.25:ratio=2.5:attack=15:release=200:makeup=1',
      // level=0: without it alimiter (4.x+) rescales the output so that the limit lands at 0 dBFS.
      'alimiter=limit=0.83:attack=5:release=60:level=0',
      `afade=t=in:st=0:d=${n(fadeIn, 3)}`,
      `afade=t=out:st=${n(durationSeconds - fadeOut, 3)}:d=${n(fadeOut, 3)}`,
      'aformat=sample_fmts=fltp:sample_rates=44100:channel_layouts=stereo[out]',
    ].join(','),
  );
  return chains.join(';');
}

/** Instruments of a score, for the result's details. */
export const instrumentsOf = (score: Score) => [...new Set(score.parts.map((p) => p.instrument))];
