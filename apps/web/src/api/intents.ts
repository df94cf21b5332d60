import type { z } from 'zod';
import type { intentCreateBody, intentListQuery, intentMessageOut, intentOut, INTENT_STATES } from '@cjrh/domain';
import { http } from './http';

export type Intent = z.infer<typeof intentOut>;
export type IntentParty = Intent['from'];
export type IntentState = (typeof INTENT_STATES)[number];
export type IntentAction = Intent['allowedActions'][number];
export type IntentCreateBody = z.input<typeof intentCreateBody>;
export type IntentListQuery = Partial<z.infer<typeof intentListQuery>>;
export type IntentMessage = z.infer<typeof intentMessageOut>;

export const intentsApi = {
  list: (q: IntentListQuery) => http.get<{ items: Intent[]; total: number }>('/api/intents', q),
  get: (id: number) => http.get<Intent>(`/api/intents/${id}`),
  create: (body: IntentCreateBody) => http.post<Intent>('/api/intents', body),
  act: (id: number, body: { action: IntentAction; version: number; reason?: string }) =>
    http.post<Intent>(`/api/intents/${id}/actions`, body),
  messages: async (id: number) => (await http.get<{ items: IntentMessage[] }>(`/api/intents/${id}/messages`)).items,
  postMessage: (id: number, body: string) => http.post<IntentMessage>(`/api/intents/${id}/messages`, { body }),
};
