import { z } from 'zod';

/** The header's global search: organisations, agreements and projects by name or number. */
export const searchQuery = z.object({
  q: z.string().trim().min(1, '请输入要查找的名称或编号').max(50, '查找内容最多 50 个字'),
});

const hit = z.object({ id: z.number().int(), title: z.string(), sub: z.string() });
const group = z.object({ items: z.array(hit), total: z.number().int() });
export const searchResult = z.object({ orgs: group, agreements: group, projects: group });
export type SearchResult = z.infer<typeof searchResult>;
/** How many hits of each kind the search answers (the lists themselves show the rest). */
export const SEARCH_LIMIT = 5;
