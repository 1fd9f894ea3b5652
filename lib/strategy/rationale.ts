import { CAMERA_DETAILS, LIGHTING_DETAILS, MOOD_MATRIX, type CameraMovement, type Category, type Lighting } from './matrix';
import { joinWords } from './enrich';
import { PLATFORM_PRESETS, type AspectRatio, type Platform } from './platforms';

export interface Borrowing {
  from: Category;
  kind: 'camera' | 'lighting';
  id: CameraMovement | Lighting;
}

export interface RationaleInput {
  mood: number;
  category: Category;
  camera: CameraMovement;
  lighting: Lighting;
  platform: Platform;
  aspect: AspectRatio;
  duration: number;
  borrowed?: Borrowing;
}

/**
 * Truncates (never rounds) to two decimals so a mood like 74.999 is shown as
 * 74.99, not 75, which would claim the wrong side of a boundary.
 */
export function formatMood(mood: number): string {
  return String(Math.floor(mood * 100 + 1e-9) / 100);
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** "Slow pan" → "slow pan" mid-sentence, but acronyms such as "FPV drone" keep their capitals. */
const decapitalise = (text: string): string =>
  /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;

/** One short paragraph a person can read in the UI: why this camera and light, and how the platform shapes it. */
export function buildRationale(input: RationaleInput): string {
  const def = MOOD_MATRIX[input.category];
  const camera = CAMERA_DETAILS[input.camera];
  const light = LIGHTING_DETAILS[input.lighting];
  const preset = PLATFORM_PRESETS[input.platform];
  const mood = formatMood(input.mood);
  const shot = `${capitalise(camera.description)} under ${light.description}`;

  let reason: string;
  if (input.borrowed) {
    const { from, kind, id } = input.borrowed;
    const what = kind === 'camera' ? `the ${id} camera movement` : `${id} lighting`;
    // Name the element we kept so the reader sees which half still carries this category.
    const kept = kind === 'camera' ? `${decapitalise(light.label)} lighting` : decapitalise(camera.label);
    reason =
      `${shot} blends ${def.label.toLowerCase()} with ${MOOD_MATRIX[from].label.toLowerCase()}: ` +
      `mood ${mood} sits near the ${from} boundary, so this variation borrows ${what}, ` +
      `while the ${kept} keeps it ${joinWords(def.keywords)}.`;
  } else {
    reason = `${shot} suits mood ${mood}, a ${def.label.toLowerCase()} setting: ${def.why}.`;
  }
  return `${reason} On ${preset.label} it runs ${input.duration} s at ${input.aspect}, with ${preset.pacing}.`;
}
