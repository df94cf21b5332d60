import { ApiError } from '@/api/http';

/**
 * A read the dashboard makes beside many others: a busy server sheds load with 503 (retry-after); the section is
 * asked again a few times, a second apart and more, instead of staying empty. Other errors are shown at once.
 */
export async function readAgain<T>(read: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await read();
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 503) || i >= attempts) throw e;
      await new Promise((r) => setTimeout(r, 1000 * i));
    }
  }
}
