import { UpdateProductionSchema } from '@/lib/api/contracts/productions';
import { CAPTION_POSITIONS, CAPTION_STYLES, MusicSchema, OUTPUT_PRESETS, ShotSchema, TRANSITIONS } from '@/lib/productions/timeline';
import { listCatalog } from '@/lib/strategy';
import { buildStrategyLabels, type StrategyLabels } from '@/components/library/strategy-labels';

/** What the editor offers and allows, read from the timeline's schemas on the server so the browser gets plain data, not zod and the engine. */
export interface ProductionOptions {
  presets: { id: string; label: string; width: number; height: number }[];
  transitions: readonly string[];
  captionStyles: readonly string[];
  captionPositions: readonly string[];
  labels: StrategyLabels;
  limits: {
    durationMin: number;
    durationMax: number;
    trimMax: number;
    scriptMax: number;
    musicGainMin: number;
    musicGainMax: number;
  };
}

const bound = (value: number | null | undefined, fallback: number) => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);

export function buildProductionOptions(): ProductionOptions {
  const shot = ShotSchema.shape;
  const script = UpdateProductionSchema.shape.narration.unwrap().shape.script.unwrap().unwrap();
  const gain = MusicSchema.shape.gain_db.unwrap();
  return {
    presets: Object.values(OUTPUT_PRESETS).map(({ id, label, width, height }) => ({ id, label, width, height })),
    transitions: TRANSITIONS,
    captionStyles: CAPTION_STYLES,
    captionPositions: CAPTION_POSITIONS,
    labels: buildStrategyLabels(listCatalog()),
    limits: {
      durationMin: bound(shot.duration.minValue, 0.5),
      durationMax: bound(shot.duration.maxValue, 120),
      trimMax: bound(shot.trim_in.unwrap().maxValue, 600),
      scriptMax: bound(script.maxLength, 3000),
      musicGainMin: bound(gain.minValue, -40),
      musicGainMax: bound(gain.maxValue, 6),
    },
  };
}
