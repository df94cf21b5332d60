// 示范项目遴选 (/api/selection/…): rounds, nominations with evidence, expert declarations and scores, notice and objections.
import type { z } from 'zod';
import type {
  declarationOut,
  nominationOut,
  objectionAccepted,
  objectionOut,
  roundCreateBody,
  roundDetail,
  roundOut,
  scoreOut,
} from '@cjrh/domain';
import { http } from './http';

export type Round = z.infer<typeof roundOut>;
export type RoundDetail = z.infer<typeof roundDetail>;
export type Nomination = z.infer<typeof nominationOut>;
export type Objection = z.infer<typeof objectionOut>;
export type RoundCreateBody = z.input<typeof roundCreateBody>;

export const selectionApi = {
  list: async (year?: number) => (await http.get<{ items: Round[] }>('/api/selection/rounds', { year })).items,
  get: (id: number) => http.get<RoundDetail>(`/api/selection/rounds/${id}`),
  create: (body: RoundCreateBody) => http.post<Round>('/api/selection/rounds', body),
  nominate: (id: number, body: { projectId: number; statement: string }) =>
    http.post<Nomination>(`/api/selection/rounds/${id}/nominations`, body),
  assignExperts: (id: number, userIds: number[]) =>
    http.post<RoundDetail>(`/api/selection/rounds/${id}/experts`, { userIds }),
  declare: (nominationId: number, body: { conflict: boolean; reason: string }) =>
    http.post<z.infer<typeof declarationOut>>(`/api/selection/nominations/${nominationId}/declaration`, body),
  score: (nominationId: number, body: { scores: Record<string, number>; comment: string }) =>
    http.put<z.infer<typeof scoreOut>>(`/api/selection/nominations/${nominationId}/score`, body),
  shortlist: (id: number) => http.post<RoundDetail>(`/api/selection/rounds/${id}/shortlist`),
  openNotice: (id: number, body: { from: string; to: string }) =>
    http.post<RoundDetail>(`/api/selection/rounds/${id}/notice`, body),
  /** Open to anyone during the notice; the province also records objections received by post or phone through it. */
  object: (
    nominationId: number,
    body: { name: string; contact: string; content: string; captchaId?: string; captchaAnswer?: string },
  ) => http.post<z.infer<typeof objectionAccepted>>(`/api/selection/nominations/${nominationId}/objections`, body),
  resolve: (objectionId: number, body: { status: 'upheld' | 'dismissed'; resolution: string }) =>
    http.post<Objection>(`/api/selection/objections/${objectionId}/resolve`, body),
  publish: (id: number) => http.post<RoundDetail>(`/api/selection/rounds/${id}/publish`),
};
