/** Display names for provider ids; an unknown id shows as itself. */
export const PROVIDER_LABELS: Record<string, string> = {
  local: 'Local (ffmpeg)',
  runway: 'Runway',
  kling: 'Kling',
  luma: 'Luma',
  replicate: 'Replicate',
  fal: 'fal · Pika',
  stability: 'Stability',
};

export const providerLabel = (id: string) => PROVIDER_LABELS[id] ?? id;
