import type { z } from 'zod';
import type {
  activeSession,
  activeSessionList,
  captchaOut,
  forgotAnswer,
  forgotBody,
  forgotInfo,
  healthOut,
  Profile,
  profileUpdateBody,
  SessionUser,
} from '@cjrh/domain';
import { http } from './http';

export type ProfileUpdate = z.input<typeof profileUpdateBody>;
export type ActiveSession = z.infer<typeof activeSession>;

/** What a person read off a captcha picture (sent with the login after failures, 忘记密码 and objections). */
export type CaptchaReply = Pick<z.input<typeof forgotBody>, 'captchaId' | 'captchaAnswer'>;

export const authApi = {
  login: (username: string, password: string, captcha?: CaptchaReply) =>
    http.post<SessionUser>('/api/auth/login', { username, password, ...captcha }),
  captcha: () => http.get<z.infer<typeof captchaOut>>('/api/auth/captcha'),
  me: () => http.get<SessionUser>('/api/auth/me'),
  logout: () => http.post<{ ok: true }>('/api/auth/logout'),
  changePassword: (oldPassword: string, newPassword: string) =>
    http.post<{ ok: true }>('/api/auth/password', { oldPassword, newPassword }),
  profile: () => http.get<Profile>('/api/auth/profile'),
  updateProfile: (body: ProfileUpdate) => http.patch<Profile>('/api/auth/profile', body),
  forgotInfo: () => http.get<z.infer<typeof forgotInfo>>('/api/auth/forgot'),
  forgot: (login: string, captcha: CaptchaReply) =>
    http.post<z.infer<typeof forgotAnswer>>('/api/auth/forgot', { login, ...captcha }),
  reset: (token: string, newPassword: string) => http.post<{ ok: true }>('/api/auth/reset', { token, newPassword }),
  sessions: () => http.get<z.infer<typeof activeSessionList>>('/api/auth/sessions'),
  endSession: (id: string) => http.del<{ ok: true }>(`/api/auth/sessions/${id}`),
};

type Health = z.output<typeof healthOut>;
export const healthApi = { get: () => http.get<Health>('/api/health') };
