import type { RouteLocationRaw } from 'vue-router';

/** The drill-down page for a figure in a scope. */
export function drillTo(
  id: string,
  q: {
    region?: string;
    school?: number;
    which?: 'numerator' | 'denominator';
    year?: number;
    asOf?: string;
    from?: 'map';
  } = {},
): RouteLocationRaw {
  return {
    name: 'indicator-rows',
    params: { id },
    query: {
      region: q.region || undefined,
      school: q.school ? String(q.school) : undefined,
      which: q.which === 'denominator' ? 'denominator' : undefined,
      year: q.year ? String(q.year) : undefined,
      asOf: q.asOf || undefined,
      from: q.from,
    },
  };
}
