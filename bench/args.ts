/** A bench's `--name=value` flags (a bare `--name` is "1"), as the usage line of each bench lists them. */
export const args: ReadonlyMap<string, string> = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=', 2);
    return [k, v ?? '1'] as const;
  }),
);
