import type { z } from 'zod';
import type { dismissBody, recommendationList, recommendationOut } from '@cjrh/domain';
import { http } from './http';

/** One ranked counterpart; `reasons` are finished Chinese sentences. */
export type Recommendation = z.output<typeof recommendationOut>;

export const recommendationsApi = {
  list: async () => (await http.get<z.output<typeof recommendationList>>('/api/recommendations')).items,
  /** Answers with the re-ranked list (a dismissal also lowers similar organisations). */
  dismiss: async (body: z.input<typeof dismissBody>) =>
    (await http.post<z.output<typeof recommendationList>>('/api/recommendations/dismiss', body)).items,
};
