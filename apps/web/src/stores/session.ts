// Who is logged in. Loaded once from /api/auth/me by the router guard and kept for the session.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { can as roleCan, type Permission, type SessionUser } from '@cjrh/domain';
import { authApi, type CaptchaReply } from '@/api/auth';
import { ApiError } from '@/api/http';

export const useSessionStore = defineStore('session', () => {
  const user = ref<SessionUser | null>(null);
  /** True once /api/auth/me has answered (either way), so the guard asks only once. */
  const checked = ref(false);
  /** Set when the server said the previous session timed out, so the login page can say why. */
  const expired = ref(false);

  const role = computed(() => user.value?.role ?? null);
  /** A school or enterprise account: sees its own organisation instead of lists. */
  const isOrgUser = computed(() => role.value === 'school' || role.value === 'enterprise');

  function can(permission: Permission): boolean {
    return roleCan(role.value, permission);
  }

  async function load(): Promise<SessionUser | null> {
    if (checked.value) return user.value;
    try {
      user.value = await authApi.me();
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) throw e;
      user.value = null;
      expired.value = e.code === 'session_expired';
    }
    checked.value = true;
    return user.value;
  }

  async function login(username: string, password: string, captcha?: CaptchaReply) {
    user.value = await authApi.login(username, password, captcha);
    checked.value = true;
    expired.value = false;
    return user.value;
  }

  async function logout() {
    try {
      await authApi.logout();
    } finally {
      clear();
    }
  }

  /** Forget the user locally (after a 401 or logout). */
  function clear() {
    user.value = null;
    checked.value = true;
  }

  return { user, checked, expired, role, isOrgUser, can, load, login, logout, clear };
});
