import type { Captions, Shot, Timeline } from '@/lib/productions/timeline';
import type { UpdateProductionRequest } from './production-api';

// The editor works on a draft of the timeline and saves it as one PATCH: only what differs from the
// timeline on the server, based on the version the draft started from (a stale one is a 409).

export interface ShotDraft {
  id: string;
  duration: number;
  trim_in: number;
  transition: Shot['transition'];
}

export interface TimelineDraft {
  version: number;
  shots: ShotDraft[];
  script: string;
  musicEnabled: boolean;
  musicGain: number;
  /** Set by "New music": the seed of a track to compose on save. */
  musicSeed: string | null;
  captionStyle: Captions['style'];
  captionPosition: Captions['position'];
  output: Timeline['output'];
}

/** A one-shot edit saved together with the draft: replace the shot with a library asset, or generate it again. */
export type ShotAction = { shotId: string; asset_id: string } | { shotId: string; regenerate: true };

/** The music a timeline without any gets when it is switched on, until the creator moves the slider. */
const DEFAULT_MUSIC_GAIN_DB = -6;

export function draftFrom(timeline: Timeline): TimelineDraft {
  return {
    version: timeline.version,
    shots: timeline.shots.map(({ id, duration, trim_in, transition }) => ({ id, duration, trim_in, transition })),
    script: timeline.narration?.script ?? '',
    musicEnabled: timeline.music !== null,
    musicGain: timeline.music?.gain_db ?? DEFAULT_MUSIC_GAIN_DB,
    musicSeed: null,
    captionStyle: timeline.captions.style,
    captionPosition: timeline.captions.position,
    output: timeline.output,
  };
}

type ShotEdit = NonNullable<UpdateProductionRequest['shots']>[number];

function shotEdit(draft: ShotDraft, saved: Shot | undefined, action: ShotAction | undefined): ShotEdit {
  const edit: ShotEdit = { id: draft.id };
  if (!saved || draft.duration !== saved.duration) edit.duration = draft.duration;
  if (!saved || draft.trim_in !== saved.trim_in) edit.trim_in = draft.trim_in;
  if (!saved || draft.transition !== saved.transition) edit.transition = draft.transition;
  if (action?.shotId === draft.id) {
    if ('asset_id' in action) edit.asset_id = action.asset_id;
    else edit.regenerate = true;
  }
  return edit;
}

function shotsPatch(draft: TimelineDraft, timeline: Timeline, action: ShotAction | undefined): ShotEdit[] | undefined {
  const saved = new Map(timeline.shots.map((shot) => [shot.id, shot]));
  const edits = draft.shots.map((shot) => shotEdit(shot, saved.get(shot.id), action));
  const reordered = draft.shots.some((shot, i) => timeline.shots[i]?.id !== shot.id) || draft.shots.length !== timeline.shots.length;
  // The API takes the whole list in its new order whenever shots are sent at all.
  return reordered || edits.some((edit) => Object.keys(edit).length > 1) ? edits : undefined;
}

/** The PATCH body for what the draft (and an optional shot action) changes, or null when nothing does. */
export function patchFrom(draft: TimelineDraft, timeline: Timeline, action?: ShotAction): UpdateProductionRequest | null {
  const body: UpdateProductionRequest = { version: draft.version };
  const shots = shotsPatch(draft, timeline, action);
  if (shots) body.shots = shots;

  const script = draft.script.trim();
  if (script !== (timeline.narration?.script ?? '').trim()) body.narration = { script: script || null };

  const music: NonNullable<UpdateProductionRequest['music']> = {};
  if (draft.musicEnabled !== (timeline.music !== null)) music.enabled = draft.musicEnabled;
  if (draft.musicEnabled && draft.musicGain !== (timeline.music?.gain_db ?? DEFAULT_MUSIC_GAIN_DB)) music.gain_db = draft.musicGain;
  if (draft.musicEnabled && draft.musicSeed !== null) music.seed = draft.musicSeed;
  if (Object.keys(music).length > 0) body.music = music;

  const captions: NonNullable<UpdateProductionRequest['captions']> = {};
  if (draft.captionStyle !== timeline.captions.style) captions.style = draft.captionStyle;
  if (draft.captionPosition !== timeline.captions.position) captions.position = draft.captionPosition;
  if (Object.keys(captions).length > 0) body.captions = captions;

  if (draft.output !== timeline.output) body.output = draft.output;
  return Object.keys(body).length > 1 ? body : null;
}

/** The list with the item at `from` moved to `to`; out-of-range moves leave it as it was. */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  if (from === to || from < 0 || to < 0 || from >= items.length || to >= items.length) return [...items];
  const next = [...items];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}

/** Seconds the strip covers: the sum of the draft's shots (transitions overlap a little; the server's duration is the exact one). */
export const stripSeconds = (shots: readonly ShotDraft[]) => shots.reduce((sum, shot) => sum + shot.duration, 0);
