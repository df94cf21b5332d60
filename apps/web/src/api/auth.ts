import type { SessionUser } from '@cjrh/domain';
import { http } from './http';

export const authApi = {
  login: (username: string, password: string) => http.post<SessionUser>('/api/auth/login', { username, password }),
  me: () => http.get<SessionUser>('/api/auth/me'),
  logout: () => http.post<{ ok: true }>('/api/auth/logout'),
  changePassword: (oldPassword: string, newPassword: string) => http.post<{ ok: true }>('/api/auth/password', { oldPassword, newPassword }),
};

export interface Health {
  status: 'ok';
  db: 'pglite' | 'postgres';
  demo: boolean;
  time: string;
}
export const healthApi = { get: () => http.get<Health>('/api/health') };
