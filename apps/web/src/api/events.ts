import type { z } from 'zod';
import type {
  eventCreateBody,
  eventOut,
  meetingBody,
  meetingOut,
  MEETING_OUTCOMES,
  registrationOut,
} from '@cjrh/domain';
import { http } from './http';

export type MatchEvent = z.infer<typeof eventOut>;
export type EventCreateBody = z.input<typeof eventCreateBody>;
export type Registration = z.infer<typeof registrationOut>;
export type Meeting = z.infer<typeof meetingOut>;
export type MeetingBody = z.input<typeof meetingBody>;
export type MeetingOutcome = (typeof MEETING_OUTCOMES)[number];

export const eventsApi = {
  list: async () => (await http.get<{ items: MatchEvent[] }>('/api/events')).items,
  get: (id: number) => http.get<MatchEvent>(`/api/events/${id}`),
  create: (body: EventCreateBody) => http.post<MatchEvent>('/api/events', body),
  changeStatus: (id: number, status: 'open' | 'closed' | 'cancelled', reason = '') =>
    http.post<MatchEvent>(`/api/events/${id}/status`, { status, reason }),
  register: (id: number, attendees: number) => http.post<MatchEvent>(`/api/events/${id}/registrations`, { attendees }),
  registrations: async (id: number) =>
    (await http.get<{ items: Registration[] }>(`/api/events/${id}/registrations`)).items,
  meetings: (id: number) => http.get<{ items: Meeting[]; slots: string[] }>(`/api/events/${id}/meetings`),
  book: (id: number, body: MeetingBody) => http.post<Meeting>(`/api/events/${id}/meetings`, body),
  outcome: (id: number, meetingId: number, body: { outcome: MeetingOutcome; outcomeNote?: string }) =>
    http.patch<Meeting>(`/api/events/${id}/meetings/${meetingId}`, body),
  respond: (id: number, meetingId: number, body: { action: 'accept' | 'decline'; reason?: string }) =>
    http.post<Meeting>(`/api/events/${id}/meetings/${meetingId}/response`, body),
};
