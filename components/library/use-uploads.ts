import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { queryKeys, uploadAsset } from '@/components/media-api';

export interface Upload {
  key: number;
  name: string;
  size: number;
  /** 0–1 of the bytes sent. */
  progress: number;
  state: 'uploading' | 'done' | 'failed';
  error: string | null;
  assetId: string | null;
}

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

/** Uploads run side by side, each with its own progress and error; a finished one refreshes the library grid. */
export function useUploads() {
  const client = useQueryClient();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const controllers = useRef(new Map<number, AbortController>());
  const nextKey = useRef(0);

  const patch = useCallback((key: number, changes: Partial<Upload>) => {
    setUploads((list) => list.map((upload) => (upload.key === key ? { ...upload, ...changes } : upload)));
  }, []);

  const dismiss = useCallback((key: number) => {
    controllers.current.get(key)?.abort();
    controllers.current.delete(key);
    setUploads((list) => list.filter((upload) => upload.key !== key));
  }, []);

  const start = useCallback(
    (files: Iterable<File>) => {
      for (const file of files) {
        const key = nextKey.current++;
        const controller = new AbortController();
        controllers.current.set(key, controller);
        setUploads((list) => [...list, { key, name: file.name, size: file.size, progress: 0, state: 'uploading', error: null, assetId: null }]);

        uploadAsset(file, (progress) => patch(key, { progress }), controller.signal)
          .then((asset) => {
            patch(key, { state: 'done', progress: 1, assetId: asset.id });
            void client.invalidateQueries({ queryKey: queryKeys.assets() });
          })
          .catch((error: unknown) => {
            // A canceled upload was already removed from the list by dismiss().
            if (!isAbort(error)) patch(key, { state: 'failed', error: error instanceof Error ? error.message : String(error) });
          })
          .finally(() => controllers.current.delete(key));
      }
    },
    [client, patch],
  );

  return { uploads, start, dismiss };
}
