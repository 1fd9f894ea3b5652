import type { Platform, PlatformDescription } from '@/lib/strategy';
import { AspectFrame } from './aspect-frame';
import { RadioChip } from './radio-chip';

interface PlatformPickerProps {
  platforms: readonly PlatformDescription[];
  value: Platform;
  onChange: (platform: Platform) => void;
}

/** "9:16", "4:5 / 1:1", or "16:9 +4 more" for the platform that takes every ratio. */
function ratioSummary({ aspect_ratios: ratios }: PlatformDescription): string {
  return ratios.length <= 2 ? ratios.join(' / ') : `${ratios[0]} +${ratios.length - 1} more`;
}

export function PlatformPicker({ platforms, value, onChange }: PlatformPickerProps) {
  return (
    <fieldset>
      <legend className="text-xs uppercase tracking-[0.2em] text-ink-300">Platform</legend>
      <div className="mt-3 grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-2">
        {platforms.map((platform) => (
          <RadioChip key={platform.id} name="platform" value={platform.id} checked={platform.id === value} onSelect={() => onChange(platform.id)}>
            <span className="flex items-center gap-2.5">
              <AspectFrame ratio={platform.default_aspect_ratio} size={18} />
              <span className="min-w-0">
                <span className="block truncate">{platform.label}</span>
                <span className="block text-xs tabular-nums text-ink-500" title={platform.aspect_ratios.join(', ')}>
                  {ratioSummary(platform)} · {platform.duration.default} s
                </span>
              </span>
            </span>
          </RadioChip>
        ))}
      </div>
    </fieldset>
  );
}
