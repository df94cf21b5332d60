// Types for TypeScript callers of build.mjs (bench/startup.ts).
export function ensureBuilt(
  names?: ('web' | 'server')[],
  options?: { force?: boolean; log?: (message: string) => void },
): Promise<void>;
