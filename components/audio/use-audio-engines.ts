'use client';

import { useQuery } from '@tanstack/react-query';
import { audioApi, queryKeys, type AudioEngineInfo } from '@/components/media-api';

// The local speech and music engines are always there, so the forms work before the list arrives.
const LOCAL: AudioEngineInfo[] = [{ name: 'local', local: true, configured: true }];

/** The engines this server can run; it reads its environment on each call, so a minute's cache is enough. */
export function useAudioEngines() {
  const query = useQuery({
    queryKey: queryKeys.audioEngines(),
    queryFn: ({ signal }) => audioApi.engines(signal),
    staleTime: 60_000,
  });
  const usable = (list: AudioEngineInfo[] | undefined, fallback: AudioEngineInfo[]) => (list ? list.filter((e) => e.configured) : fallback);
  return {
    ...query,
    speech: usable(query.data?.speech, LOCAL),
    music: usable(query.data?.music, LOCAL),
    transcription: usable(query.data?.transcription, []),
  };
}
