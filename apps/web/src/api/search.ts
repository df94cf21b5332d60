import type { SearchResult } from '@cjrh/domain';
import { http } from './http';

export const searchApi = {
  /** Organisations, agreements and projects of the caller's scope whose name or number contains the words. */
  find: (q: string) => http.get<SearchResult>('/api/search', { q }),
};
