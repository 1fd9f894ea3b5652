import { createRng, MOOD_MATRIX, type Category, type Rng } from '@/lib/strategy';

/**
 * The pure half of the local composer: turns (mood category, mood, seed) into a score — tempo,
 * key, scale, a chord progression and note events per part. Nothing here touches ffmpeg, so the
 * musical rules can be unit-tested and the same seed always gives the same piece.
 *
 * A score is one CYCLE of 8 bars: the progression played as an A half and a varied B half (the
 * lead only enters in B). The renderer loops the cycle for long durations and varies it with an
 * arrangement (intro, breakdowns) instead of composing minutes of notes.
 */

export const SCALES = {
  major: [0, 2, 4, 5, 7, 9, 11],
  minor: [0, 2, 3, 5, 7, 8, 10],
  dorian: [0, 2, 3, 5, 7, 9, 10],
  lydian: [0, 2, 4, 6, 7, 9, 11],
} as const;
export type ScaleName = keyof typeof SCALES;

const NOTE_NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];

export type Instrument =
  | 'kick' | 'soft_kick' | 'clap' | 'hat' | 'rim' | 'shaker'
  | 'synth_bass' | 'sub_bass' | 'pluck' | 'saw_pad' | 'warm_pad' | 'glass_pad'
  | 'epiano' | 'piano' | 'guitar' | 'bell' | 'chime' | 'lead' | 'drone';
export type Stem = 'drums' | 'bass' | 'harmony' | 'lead';
export const STEMS: readonly Stem[] = ['drums', 'bass', 'harmony', 'lead'];

/** Times in beats. `midi` is null for unpitched drums. */
export interface NoteEvent {
  beat: number;
  length: number;
  midi: number | null;
  velocity: number;
}

export interface Part {
  name: string;
  instrument: Instrument;
  stem: Stem;
  /** Linear mix level of the part. */
  gain: number;
  /** -1 left … 1 right. */
  pan: number;
  events: NoteEvent[];
}

export interface Score {
  category: Category;
  bpm: number;
  key: string;
  scale: ScaleName;
  /** MIDI note of the tonic in the bass octave. */
  rootMidi: number;
  beatsPerBar: number;
  bars: number;
  /** Roman numerals, one per chord of the progression. */
  progression: string[];
  cycleBeats: number;
  cycleSeconds: number;
  parts: Part[];
}

const BARS = 8;
const BEATS = 4;

/** Where the mood sits inside its category's range, 0–1 (clamped if the two disagree). */
function moodPosition(category: Category, mood: number): number {
  const { min, max } = MOOD_MATRIX[category].range;
  return Number.isFinite(mood) ? Math.max(0, Math.min(1, (mood - min) / (max - min))) : 0.5;
}

/** MIDI note of a scale degree (0 = tonic; 7 = tonic an octave up; negative goes down). */
export function degreeMidi(rootMidi: number, scale: ScaleName, degree: number): number {
  const steps = SCALES[scale];
  const octave = Math.floor(degree / 7);
  return rootMidi + 12 * octave + steps[degree - 7 * octave];
}

/** A chord stacked in thirds on a degree: [root, 3rd, 5th(, 7th)] as degrees. */
const chordDegrees = (degree: number, size: 3 | 4) => Array.from({ length: size }, (_, i) => degree + 2 * i);

function romanNumeral(scale: ScaleName, degree: number, seventh: boolean): string {
  const interval = (a: number, b: number) => (((degreeMidi(0, scale, b) - degreeMidi(0, scale, a)) % 12) + 12) % 12;
  const third = interval(degree, degree + 2);
  const fifth = interval(degree, degree + 4);
  const base = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII'][degree % 7];
  let name = third === 4 ? base : base.toLowerCase();
  if (fifth === 6) name += '°';
  if (seventh) name += interval(degree, degree + 6) === 11 ? 'maj7' : '7';
  return name;
}

/** Context every category composer gets. */
interface Ctx {
  rng: Rng;
  scale: ScaleName;
  rootMidi: number;
  /** Progression degree per bar. */
  chordOfBar: number[];
}

const note = (beat: number, length: number, midi: number | null, velocity: number): NoteEvent => ({
  beat: round(beat),
  length: round(length),
  midi,
  velocity: round(velocity),
});
const round = (n: number) => Math.round(n * 1000) / 1000;
const deg = (c: Ctx, degree: number, octave: number) => degreeMidi(c.rootMidi + 12 * octave, c.scale, degree);

/**
 * A melody over the B half: a seeded walk on the scale that lands on chord tones at the start of
 * each rhythmic figure, kept inside one and a half octaves.
 */
function melody(c: Ctx, rhythms: number[][][], octave: number, lengthScale: number, velocity: number, fromBar = BARS / 2): NoteEvent[] {
  const events: NoteEvent[] = [];
  let degree = c.chordOfBar[fromBar] + 2 * c.rng.int(3);
  for (let bar = fromBar; bar < BARS; bar++) {
    const rhythm = c.rng.pick(rhythms);
    const chord = chordDegrees(c.chordOfBar[bar], 4);
    rhythm.forEach(([beat, length], i) => {
      if (i === 0) {
        // Snap to the nearest chord tone (in any octave) on the bar's first note.
        const candidates = chord.flatMap((d) => [d - 7, d, d + 7]);
        degree = candidates.reduce((best, d) => (Math.abs(d - degree) < Math.abs(best - degree) ? d : best), candidates[0]);
      } else {
        degree += c.rng.pick([-2, -1, -1, 1, 1, 2, 0]);
      }
      degree = Math.max(0, Math.min(11, degree));
      events.push(note(bar * BEATS + beat, length * lengthScale, deg(c, degree, octave), velocity * (i === 0 ? 1 : 0.85)));
    });
  }
  return events;
}

// ——— high_energy: minor, 128–140 bpm, four-on-the-floor, offbeat bass, 16th pluck arpeggio ———

const ENERGY_PROGRESSIONS = { minor: [[0, 5, 2, 6], [0, 6, 5, 6], [0, 3, 5, 6], [5, 6, 0, 0], [0, 5, 3, 4]] };
/** Indices into [root, 3rd, 5th, root+8, 3rd+8, 5th+8], one per 16th. */
const ARPEGGIOS = [
  [0, 1, 2, 3, 4, 3, 2, 1],
  [0, 2, 3, 2, 4, 2, 3, 2],
  [3, 2, 1, 0, 1, 2, 3, 4],
  [0, 3, 2, 4, 1, 3, 2, 5],
  [0, 2, 4, 5, 4, 2, 3, 1],
];
const ENERGY_LEAD = [
  [[0, 0.75], [0.75, 0.75], [1.5, 1], [3, 0.5], [3.5, 0.5]],
  [[0, 0.5], [0.5, 0.5], [1, 1.5], [2.5, 0.5], [3, 1]],
  [[0, 1.5], [1.5, 0.5], [2, 0.75], [2.75, 1.25]],
];

function highEnergy(c: Ctx): Part[] {
  const drums: Part[] = [
    { name: 'kick', instrument: 'kick', stem: 'drums', gain: 1, pan: 0, events: [] },
    { name: 'clap', instrument: 'clap', stem: 'drums', gain: 0.45, pan: 0.05, events: [] },
    { name: 'hats', instrument: 'hat', stem: 'drums', gain: 0.28, pan: 0.25, events: [] },
  ];
  const [kick, clap, hats] = drums;
  const pickups = c.rng.next() * 0.3;
  for (let beat = 0; beat < BARS * BEATS; beat++) {
    kick.events.push(note(beat, 0.5, null, beat % 4 === 0 ? 1 : 0.9));
    if (beat % 2 === 1) clap.events.push(note(beat, 0.5, null, 0.9));
    hats.events.push(note(beat, 0.25, null, 0.45), note(beat + 0.5, 0.25, null, 0.85));
    if (c.rng.next() < pickups) hats.events.push(note(beat + 0.75, 0.2, null, 0.35));
  }
  // A fill in the last bar: 16th claps leading back to the top of the cycle.
  for (const b of [3.25, 3.5, 3.75]) clap.events.push(note((BARS - 1) * BEATS + b, 0.25, null, 0.35 + b / 10));
  hats.events.sort((a, b) => a.beat - b.beat);

  const bassStyle = c.rng.pick(['offbeat', 'rolling', 'octave'] as const);
  const bass: Part = { name: 'bass', instrument: 'synth_bass', stem: 'bass', gain: 0.7, pan: 0, events: [] };
  const arp: Part = { name: 'arp', instrument: 'pluck', stem: 'lead', gain: 0.32, pan: -0.3, events: [] };
  const pad: Part = { name: 'pad', instrument: 'saw_pad', stem: 'harmony', gain: 0.12, pan: 0.2, events: [] };
  const [arpA, arpB] = c.rng.shuffle(ARPEGGIOS);
  for (let bar = 0; bar < BARS; bar++) {
    const chord = c.chordOfBar[bar];
    const root = deg(c, chord, 0);
    for (let beat = 0; beat < BEATS; beat++) {
      const at = bar * BEATS + beat;
      if (bassStyle === 'offbeat') bass.events.push(note(at + 0.5, 0.42, root, 1));
      else if (bassStyle === 'rolling') for (const s of [0.25, 0.5, 0.75]) bass.events.push(note(at + s, 0.22, root, s === 0.5 ? 1 : 0.75));
      else bass.events.push(note(at, 0.45, root, 0.8), note(at + 0.5, 0.45, root + 12, 1));
    }
    // Root, 3rd, 5th over two octaves, as scale degrees.
    const tones = [0, 2, 4, 7, 9, 11].map((i) => chord + i);
    const pattern = bar < BARS / 2 ? arpA : arpB;
    for (let s = 0; s < 16; s++) {
      arp.events.push(note(bar * BEATS + s / 4, 0.23, deg(c, tones[pattern[s % pattern.length]], 2), s % 4 === 0 ? 1 : s % 2 === 0 ? 0.75 : 0.6));
    }
    for (const d of chordDegrees(chord, 3)) pad.events.push(note(bar * BEATS, BEATS - 0.05, deg(c, d, 1), 0.8));
  }
  const lead: Part = { name: 'lead', instrument: 'lead', stem: 'lead', gain: 0.2, pan: 0.15, events: melody(c, ENERGY_LEAD, 2, 0.9, 0.9) };
  return [...drums, bass, arp, pad, lead];
}

// ——— luxury_reveal: major 7ths, 70–80 bpm, warm pad, electric piano with long decay ———

const LUXURY_PROGRESSIONS = { major: [[0, 5, 3, 4], [0, 3, 2, 5], [3, 4, 2, 5], [0, 2, 3, 4], [0, 3, 0, 4]] };
/** [beat, chord-tone index] of a broken chord per bar. */
const BROKEN_CHORDS = [
  [[0, 0], [0.5, 2], [1, 3], [2, 1], [2.5, 2], [3.5, 3]],
  [[0, 0], [1, 1], [1.5, 2], [2, 3], [3, 2]],
  [[0, 1], [0.5, 2], [1.5, 3], [2.5, 2], [3, 1]],
];
const LUXURY_LEAD = [
  [[0, 2], [2, 1], [3, 1]],
  [[0, 3], [3, 1]],
  [[0.5, 1.5], [2, 2]],
  [[0, 1], [1, 1], [2, 2]],
];

function luxury(c: Ctx): Part[] {
  const pad: Part = { name: 'pad', instrument: 'warm_pad', stem: 'harmony', gain: 0.14, pan: 0, events: [] };
  const keys: Part = { name: 'keys', instrument: 'epiano', stem: 'harmony', gain: 0.3, pan: -0.25, events: [] };
  const bass: Part = { name: 'bass', instrument: 'sub_bass', stem: 'bass', gain: 0.55, pan: 0, events: [] };
  const kick: Part = { name: 'kick', instrument: 'soft_kick', stem: 'drums', gain: 0.55, pan: 0, events: [] };
  const rim: Part = { name: 'rim', instrument: 'rim', stem: 'drums', gain: 0.16, pan: 0.2, events: [] };
  const shaker: Part = { name: 'shaker', instrument: 'shaker', stem: 'drums', gain: 0.12, pan: -0.35, events: [] };
  const [brokenA, brokenB] = c.rng.shuffle(BROKEN_CHORDS);
  const secondBass = c.rng.pick([2, 2.5, 3]);
  for (let bar = 0; bar < BARS; bar++) {
    const chord = chordDegrees(c.chordOfBar[bar], 4);
    const at = bar * BEATS;
    for (const d of chord) pad.events.push(note(at, BEATS, deg(c, d, 1), 0.8));
    for (const [beat, i] of bar < BARS / 2 ? brokenA : brokenB) keys.events.push(note(at + beat, 2.5, deg(c, chord[i], 2), beat === 0 ? 0.9 : 0.7));
    bass.events.push(note(at, secondBass - 0.1, deg(c, chord[0], 0), 1), note(at + secondBass, BEATS - secondBass - 0.1, deg(c, chord[c.rng.pick([0, 2])], 0), 0.8));
    kick.events.push(note(at, 0.8, null, 1), note(at + secondBass, 0.8, null, 0.7));
    rim.events.push(note(at + 1, 0.4, null, 0.8), note(at + 3, 0.4, null, 0.9));
    for (let e = 0; e < 8; e++) shaker.events.push(note(at + e / 2, 0.4, null, e % 2 ? 0.9 : 0.55));
  }
  const lead: Part = { name: 'melody', instrument: 'bell', stem: 'lead', gain: 0.16, pan: 0.3, events: melody(c, LUXURY_LEAD, 3, 1, 0.8) };
  return [kick, rim, shaker, bass, pad, keys, lead];
}

// ——— intimate_story: 85–95 bpm, sparse fingerpicked guitar, a few piano notes, no drums ———

const INTIMATE_PROGRESSIONS = {
  major: [[0, 4, 5, 3], [0, 3, 0, 4], [5, 3, 0, 4], [0, 5, 3, 4]],
  // Dorian's colour is its major IV; its vi is diminished and stays out.
  dorian: [[0, 3, 0, 3], [0, 3, 6, 0], [0, 2, 6, 3]],
};
/** Fingerpicking templates: chord-tone index per 8th (0 = bass on the downbeat). */
const PICKING = [
  [0, 2, 1, 3, 0, 2, 1, 3],
  [0, 1, 2, 1, 3, 1, 2, 1],
  [0, 3, 2, 3, 1, 3, 2, 3],
];
const INTIMATE_LEAD = [
  [[0, 2], [2.5, 1.5]],
  [[1, 1], [2, 2]],
  [[0, 1.5], [1.5, 0.5], [3, 1]],
];

function intimate(c: Ctx): Part[] {
  const guitar: Part = { name: 'guitar', instrument: 'guitar', stem: 'harmony', gain: 0.45, pan: -0.15, events: [] };
  const pad: Part = { name: 'pad', instrument: 'warm_pad', stem: 'harmony', gain: 0.06, pan: 0.1, events: [] };
  const pattern = c.rng.pick(PICKING);
  for (let bar = 0; bar < BARS; bar++) {
    const chord = chordDegrees(c.chordOfBar[bar], 3);
    const tones = [deg(c, chord[0], 1), deg(c, chord[1], 2), deg(c, chord[2], 2), deg(c, chord[0] + 7, 2)];
    // Sparse: the bass note always, each other pick only sometimes; the last bar of each half breathes.
    const density = bar % 4 === 3 ? 0.2 : 0.38;
    pattern.forEach((toneIndex, slot) => {
      if (slot === 0 || c.rng.next() < density) guitar.events.push(note(bar * BEATS + slot / 2, slot === 0 ? 3 : 1.5, tones[toneIndex], slot === 0 ? 0.9 : 0.6 + 0.2 * c.rng.next()));
    });
    for (const d of chord) pad.events.push(note(bar * BEATS, BEATS, deg(c, d, 1), 0.7));
  }
  const piano: Part = { name: 'piano', instrument: 'piano', stem: 'lead', gain: 0.28, pan: 0.25, events: melody(c, INTIMATE_LEAD, 3, 1, 0.7) };
  return [guitar, pad, piano];
}

// ——— surreal_trip: lydian/dorian, ~60 bpm, drone, slow detuned pads, sparse echoing bells ———

const SURREAL_PROGRESSIONS = {
  // Lydian's colour is the major II over the tonic; dorian's the major IV.
  lydian: [[0, 1], [0, 4], [0, 5], [5, 1]],
  dorian: [[0, 3], [0, 6], [0, 1]],
};

function surreal(c: Ctx): Part[] {
  const cycleBeats = BARS * BEATS;
  const drone: Part = { name: 'drone', instrument: 'drone', stem: 'bass', gain: 0.3, pan: 0, events: [note(0, cycleBeats, deg(c, 0, 0), 1)] };
  const pad: Part = { name: 'pad', instrument: 'glass_pad', stem: 'harmony', gain: 0.15, pan: 0, events: [] };
  const bells: Part = { name: 'chimes', instrument: 'chime', stem: 'lead', gain: 0.18, pan: 0.35, events: [] };
  for (let bar = 0; bar < BARS; bar += 2) {
    // Triad plus the 9th: the open, unresolved colour of ambient pads.
    for (const d of [...chordDegrees(c.chordOfBar[bar], 3), c.chordOfBar[bar] + 8]) pad.events.push(note(bar * BEATS, 2 * BEATS, deg(c, d, 1), 0.8));
  }
  for (let bar = 0; bar < BARS; bar++) {
    const count = c.rng.pick([0, 1, 1, 2]);
    const slots = c.rng.shuffle([0, 1, 2, 3, 4, 5, 6]).slice(0, count).sort((a, b) => a - b);
    for (const slot of slots) bells.events.push(note(bar * BEATS + slot / 2 + c.rng.int(2) / 4, 6, deg(c, c.chordOfBar[bar] + 2 * c.rng.int(4), 3), 0.5 + 0.4 * c.rng.next()));
  }
  return [drone, pad, bells];
}

interface CategoryStyle {
  bpm: [number, number];
  scales: ScaleName[];
  keys: number[];
  /** Scale-degree progressions per scale the style may pick: diatonic and never diminished. */
  progressions: Partial<Record<ScaleName, number[][]>>;
  sevenths: boolean;
  compose: (c: Ctx) => Part[];
}

/** Keys as pitch classes (0 = C); chosen where each style's register sits well. */
const STYLES: Record<Category, CategoryStyle> = {
  high_energy: { bpm: [128, 140], scales: ['minor'], keys: [9, 5, 7, 2, 4, 0], progressions: ENERGY_PROGRESSIONS, sevenths: false, compose: highEnergy },
  luxury_reveal: { bpm: [70, 80], scales: ['major'], keys: [5, 3, 10, 0, 8, 2], progressions: LUXURY_PROGRESSIONS, sevenths: true, compose: luxury },
  intimate_story: { bpm: [85, 95], scales: ['major', 'major', 'dorian'], keys: [7, 2, 0, 9, 4], progressions: INTIMATE_PROGRESSIONS, sevenths: false, compose: intimate },
  surreal_trip: { bpm: [56, 66], scales: ['lydian', 'dorian'], keys: [2, 4, 1, 6, 11], progressions: SURREAL_PROGRESSIONS, sevenths: false, compose: surreal },
};

export function bpmRange(category: Category): [number, number] {
  return STYLES[category].bpm;
}

/** The whole score, deterministic in (category, mood, seed). */
export function composeScore(category: Category, mood: number, seed: string): Score {
  const style = STYLES[category];
  const rng = createRng('local-music', category, seed);
  const [lo, hi] = style.bpm;
  // The mood inside its category nudges the tempo; the seed only picks within a couple of bpm.
  const bpm = Math.round(lo + (hi - lo) * (0.85 * moodPosition(category, mood) + 0.15 * rng.next()));
  const scale = rng.pick(style.scales);
  const pitchClass = rng.pick(style.keys);
  // Tonic in the bass octave, G1 (31) … F#2 (42), so bass lines stay between ~45 and ~190 Hz.
  const rootMidi = 36 + pitchClass - (pitchClass > 6 ? 12 : 0);
  const progression = rng.pick(style.progressions[scale] ?? [[0]]);
  // 4-chord progressions change every bar (heard twice per cycle, A then B); 2-chord ones every 2 bars.
  const chordOfBar = Array.from({ length: BARS }, (_, bar) => (progression.length === 4 ? progression[bar % 4] : progression[Math.floor(bar / 2) % 2]));
  const parts = style.compose({ rng, scale, rootMidi, chordOfBar });
  const cycleBeats = BARS * BEATS;
  // Nothing may ring past the end of the cycle: the loop seam would cut it.
  for (const part of parts) for (const e of part.events) e.length = round(Math.max(0.05, Math.min(e.length, cycleBeats - e.beat)));
  return {
    category,
    bpm,
    key: NOTE_NAMES[pitchClass],
    scale,
    rootMidi,
    beatsPerBar: BEATS,
    bars: BARS,
    progression: progression.map((d) => romanNumeral(scale, d, style.sevenths)),
    cycleBeats,
    cycleSeconds: (cycleBeats * 60) / bpm,
    parts,
  };
}

/** Pitch classes of the score's scale, for checks. */
export function scalePitchClasses(score: Pick<Score, 'rootMidi' | 'scale'>): Set<number> {
  return new Set(SCALES[score.scale].map((s) => (((score.rootMidi + s) % 12) + 12) % 12));
}
