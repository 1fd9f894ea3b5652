'use client';

import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface AudioTab<Id extends string> {
  id: Id;
  label: string;
  hint: string;
  panel: ReactNode;
}

interface AudioTabsProps<Id extends string> {
  tabs: readonly AudioTab<Id>[];
  selected: Id;
  onSelect: (id: Id) => void;
}

/**
 * WAI-ARIA tabs with automatic activation: arrow keys, Home and End move between tabs and
 * show their panel. Hidden panels stay mounted, so a half-written form survives a switch.
 */
export function AudioTabs<Id extends string>({ tabs, selected, onSelect }: AudioTabsProps<Id>) {
  const refs = useRef(new Map<Id, HTMLButtonElement>());

  const move = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const last = tabs.length - 1;
    const next =
      event.key === 'ArrowRight' ? (index === last ? 0 : index + 1)
      : event.key === 'ArrowLeft' ? (index === 0 ? last : index - 1)
      : event.key === 'Home' ? 0
      : event.key === 'End' ? last
      : null;
    if (next === null) return;
    event.preventDefault();
    const tab = tabs[next];
    onSelect(tab.id);
    refs.current.get(tab.id)?.focus();
  };

  return (
    <div>
      <div role="tablist" aria-label="Audio tools" className="grid grid-cols-3 gap-1 rounded-xl border border-ink-800 bg-ink-900 p-1 sm:max-w-2xl">
        {tabs.map((tab, index) => {
          const active = tab.id === selected;
          return (
            <button
              key={tab.id}
              ref={(el) => {
                if (el) refs.current.set(tab.id, el);
                else refs.current.delete(tab.id);
              }}
              type="button"
              role="tab"
              id={`audio-tab-${tab.id}`}
              data-testid={`audio-tab-${tab.id}`}
              aria-selected={active}
              aria-controls={`audio-panel-${tab.id}`}
              tabIndex={active ? 0 : -1}
              onClick={() => onSelect(tab.id)}
              onKeyDown={(event) => move(event, index)}
              className={`min-w-0 rounded-lg border px-2 py-2 text-center transition sm:px-4 sm:py-2.5 sm:text-left ${
                active ? 'border-glow-400/60 bg-glow-400/10 text-zinc-50' : 'border-transparent text-ink-300 hover:bg-ink-800 hover:text-zinc-50'
              }`}
            >
              <span className="block truncate text-sm font-medium">{tab.label}</span>
              <span className={`hidden truncate text-xs sm:block ${active ? 'text-glow-400' : 'text-ink-500'}`}>{tab.hint}</span>
            </button>
          );
        })}
      </div>
      {tabs.map((tab) => (
        <div key={tab.id} role="tabpanel" id={`audio-panel-${tab.id}`} aria-labelledby={`audio-tab-${tab.id}`} hidden={tab.id !== selected} className="mt-6">
          {tab.panel}
        </div>
      ))}
    </div>
  );
}
