// No i18n library: the product is Chinese-only, so strings are plain typed objects.
// Keeping every string here still lets a second language be added by swapping this import.
import zhCN from './zh-CN/index';

export const t = zhCN;

/** Fills `{name}` placeholders: fmt('共 {n} 条', { n: 3 }). */
export function fmt(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}
