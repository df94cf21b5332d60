import { randomUUID } from 'node:crypto';
import svgCaptcha from 'svg-captcha';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../http/errors';
import type { SharedState } from '../../lib/sharedState';

// Picture captchas (svg-captcha, decision 0010): made on request, the answer kept server-side in the shared state
// (memory, or Redis with REDIS_URL so another process can check it), good for CAPTCHA_TTL_MS and for one check only —
// right or wrong, a captcha is spent once it has been checked.

const CAPTCHA_TTL_MS = 2 * 60_000;
const key = (id: string) => `captcha:${id}`;

/** A new captcha: its id and the picture as a data: URL. */
export async function newCaptcha(state: SharedState) {
  // Characters people mix up (0/o, 1/l/i) are left out; four characters, a little noise, in colour.
  const c = svgCaptcha.create({
    size: 4,
    noise: 2,
    color: true,
    ignoreChars: '0oO1ilIL',
    width: 120,
    height: 40,
    fontSize: 48,
  });
  const id = randomUUID();
  await state.putOnce(key(id), c.text.toLowerCase(), CAPTCHA_TTL_MS);
  return {
    id,
    image: `data:image/svg+xml;base64,${Buffer.from(c.data).toString('base64')}`,
    expiresInSeconds: CAPTCHA_TTL_MS / 1000,
  };
}

/** Checks (and spends) a captcha; refuses with 400 captcha_required / captcha_invalid. */
export async function checkCaptcha(
  state: SharedState,
  id: string | undefined,
  answer: string | undefined,
): Promise<void> {
  if (!id || !answer) throw new AppError(400, 'captcha_required', undefined, { captchaRequired: true });
  const expected = await state.takeOnce(key(id));
  if (!expected || expected !== answer.trim().toLowerCase())
    throw new AppError(400, 'captcha_invalid', undefined, { captchaRequired: true });
}

/** A preHandler for anonymous writes whose body carries captchaId and captchaAnswer; a signed-in caller is known and
 *  accountable, and needs none. */
export const captchaGuard = (state: SharedState) => async (req: FastifyRequest) => {
  if (req.ctx.actor) return;
  const b = (req.body ?? {}) as { captchaId?: string; captchaAnswer?: string };
  await checkCaptcha(state, b.captchaId, b.captchaAnswer);
};

/** Tests only: the answer of a captcha without spending it (they cannot read the picture). */
export const captchaAnswerForTests = (state: SharedState, id: string) => state.peekValue(key(id));
