import type { DismissReason } from '@cjrh/domain';
import { http } from './http';

/** One ranked counterpart (the route declares this shape inline); `reasons` are finished Chinese sentences. */
export interface Recommendation {
  orgId: number;
  orgName: string;
  orgType: 'school' | 'enterprise';
  regionCode: string;
  /** 0–100. */
  score: number;
  reasons: string[];
  /** How many of the two sides' published lines matched. */
  lines: number;
}

export const recommendationsApi = {
  list: async () => (await http.get<{ items: Recommendation[] }>('/api/recommendations')).items,
  /** Answers with the re-ranked list (a dismissal also lowers similar organisations). */
  dismiss: async (body: { counterpartOrgId: number; reason: DismissReason; note?: string }) =>
    (await http.post<{ items: Recommendation[] }>('/api/recommendations/dismiss', body)).items,
};
