import { t } from '@/locales';

const pad = (n: number) => String(n).padStart(2, '0');

/** 2025-07-02 14:05 in the browser's time zone (Beijing time for our users). */
export function formatDateTime(iso: string | null | undefined, withSeconds = false): string {
  if (!iso) return t.common.none;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const base = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return withSeconds ? `${base}:${pad(d.getSeconds())}` : base;
}

export function yesNo(v: boolean | null | undefined): string {
  return v == null ? t.common.none : v ? t.common.yes : t.common.no;
}

export function orDash(v: string | number | null | undefined): string {
  return v == null || v === '' ? t.common.none : String(v);
}

/** 12,345 with Chinese grouping (same as en: thousands). */
export function formatCount(n: number | null | undefined): string {
  return n == null ? t.common.none : n.toLocaleString('zh-CN');
}
