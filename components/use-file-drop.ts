'use client';

import { useState, type DragEvent } from 'react';

/** Drag-and-drop of files onto a zone: `dragging` for styling, handlers to spread on the zone. */
export function useFileDrop(onFiles: (files: FileList) => void) {
  const [dragging, setDragging] = useState(false);
  return {
    dragging,
    handlers: {
      onDragEnter: (event: DragEvent<HTMLElement>) => accept(event, setDragging),
      onDragOver: (event: DragEvent<HTMLElement>) => accept(event, setDragging),
      onDragLeave: (event: DragEvent<HTMLElement>) => {
        // dragleave also fires when moving onto a child; only leaving the zone itself counts.
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
      },
      onDrop: (event: DragEvent<HTMLElement>) => {
        event.preventDefault();
        setDragging(false);
        onFiles(event.dataTransfer.files);
      },
    },
  };
}

function accept(event: DragEvent<HTMLElement>, setDragging: (on: boolean) => void) {
  if (!event.dataTransfer.types.includes('Files')) return;
  // Without preventDefault the browser refuses the drop and opens the file itself.
  event.preventDefault();
  event.dataTransfer.dropEffect = 'copy';
  setDragging(true);
}
