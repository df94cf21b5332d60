export const SCOPE_PROBES = ['bureau A on B', 'org of A on B', 'bureau A on A', 'org of A on A'] as const;
export const AUTHZ_SCOPE: Record<string, string> = {};
