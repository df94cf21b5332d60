import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import { checkPassword, DEMO_PASSWORD } from '@cjrh/domain';
import { AppError } from '../http/errors';

// The dictionary half of the password policy (the rule half is shared with the web in @cjrh/domain): zxcvbn-ts with
// its common-password, name and keyboard-layout lists. There is no Chinese package in the registry; pinyin words and
// dates are still caught by its sequence, repeat and date matchers. Built once: the dictionaries take ~100 ms to load.
let factory: ZxcvbnFactory | null = null;
const zxcvbn = () =>
  (factory ??= new ZxcvbnFactory({
    dictionary: {
      ...common.dictionary,
      ...en.dictionary,
      platform: ['cjrh', 'hubei', 'wuhan', 'chanjiao', 'ronghe', 'jineng', 'zhupao', 'renshe', 'hbrs', 'rsj', 'demo'],
    },
    graphs: common.adjacencyGraphs,
    useLevenshteinDistance: true,
  }));

/** zxcvbn's 0–4 score; 3 is "safely unguessable: moderate protection from offline slow-hash scenario". */
const MIN_PASSWORD_SCORE = 3;

/**
 * Throws 400 weak_password unless the password passes the rules, is not the published demo password (which opens
 * only demo accounts in demo deployments) and is not guessable (common passwords, keyboard runs, words with years).
 */
export function assertStrongPassword(pw: string, who: { username?: string; displayName?: string } = {}) {
  const rule = checkPassword(pw, who.username);
  if (!rule.ok) throw new AppError(400, 'weak_password', rule.message);
  if (pw.toLowerCase() === DEMO_PASSWORD.toLowerCase())
    throw new AppError(400, 'weak_password', '不能使用公开的演示密码');
  const inputs = [who.username, who.displayName].filter((v): v is string => !!v);
  if (zxcvbn().check(pw, inputs).score < MIN_PASSWORD_SCORE) {
    throw new AppError(400, 'weak_password', '密码过于常见或容易猜到（常用密码、键盘顺序、单词加年份等），请换一个');
  }
}
