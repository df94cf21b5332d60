// Element Plus form rules built from the domain's validators, so the browser says no before the server does.
import type { FormItemRule } from 'element-plus';
import { checkEmail, checkPassword, checkPhone, validateUscc } from '@cjrh/domain';
import { fmt, t } from '@/locales';

export function required(label: string, trigger: 'blur' | 'change' = 'blur'): FormItemRule {
  return { required: true, message: fmt(t.common.required, { label }), trigger };
}

export function passwordRule(): FormItemRule {
  return {
    trigger: ['blur', 'change'],
    validator: (_r, value: string, cb) => {
      if (!value) return cb();
      const res = checkPassword(value);
      cb(res.ok ? undefined : new Error(res.message));
    },
  };
}

/** Optional mobile number / e-mail, with the same rule and message as the server's contract. */
export function phoneRule(): FormItemRule {
  return {
    trigger: 'blur',
    validator: (_r, v: string | null, cb) => {
      const m = checkPhone((v ?? '').trim());
      cb(m ? new Error(m) : undefined);
    },
  };
}
export function emailRule(): FormItemRule {
  return {
    trigger: 'blur',
    validator: (_r, v: string | null, cb) => {
      const m = checkEmail((v ?? '').trim());
      cb(m ? new Error(m) : undefined);
    },
  };
}

// GB 32100-2015 character set (no I, O, Z, S, V).
const USCC_CHARS = /^[0-9A-HJ-NPQRTUWXY]*$/;

/** While typing: complain only about impossible characters or a finished code that fails the check digit. */
export function usccRules(label: string): FormItemRule[] {
  const check = (value: string, whileTyping: boolean): string | null => {
    if (!value) return null;
    if (!USCC_CHARS.test(value)) return validateUsccMessage(value);
    if (whileTyping && value.length < 18) return null;
    return validateUsccMessage(value);
  };
  return [
    required(label),
    {
      trigger: 'change',
      validator: (_r, v: string, cb) => {
        const m = check(v ?? '', true);
        cb(m ? new Error(m) : undefined);
      },
    },
    {
      trigger: 'blur',
      validator: (_r, v: string, cb) => {
        const m = check(v ?? '', false);
        cb(m ? new Error(m) : undefined);
      },
    },
  ];
}

function validateUsccMessage(value: string): string | null {
  const res = validateUscc(value);
  return res.ok ? null : res.message;
}
