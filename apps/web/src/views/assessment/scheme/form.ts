// The scheme editor's working copy: targets of ratio indicators are typed as percentages (90 for 90 %), as the
// notice writes them; the server and the domain keep fractions. Converting both ways lives here, in one place.
import { indicatorById, type SchemeItem, type SchemeItemKind } from '@cjrh/domain';

export interface ItemForm {
  /** Stable across reorders, for v-for. */
  uid: number;
  key: string;
  label: string;
  kind: SchemeItemKind;
  indicatorId?: string;
  weight: number | undefined;
  /** In the unit the user sees: % for ratio indicators, the count otherwise; empty = the indicator's own target. */
  targetInput?: number;
  note: string;
  autoKey?: boolean;
  autoLabel?: boolean;
}

let next = 1;
const isRatio = (indicatorId?: string) => (indicatorId ? indicatorById(indicatorId)?.unit === 'ratio' : false);

export function toForm(item: SchemeItem): ItemForm {
  const target =
    item.target == null ? undefined : isRatio(item.indicatorId) ? Math.round(item.target * 1000) / 10 : item.target;
  return {
    uid: next++,
    key: item.key,
    label: item.label,
    kind: item.kind,
    indicatorId: item.indicatorId,
    weight: item.weight,
    targetInput: target,
    note: item.note ?? '',
  };
}

export function blankItem(kind: SchemeItemKind, n: number): ItemForm {
  return {
    uid: next++,
    key: kind === 'manual' ? `manual_${n}` : '',
    label: '',
    kind,
    weight: undefined,
    note: '',
    autoKey: true,
    autoLabel: true,
  };
}

/** What is sent to the server; the server (and the domain's validateScheme) decides whether it is a valid scheme. */
export function toItems(form: readonly ItemForm[]): SchemeItem[] {
  return form.map((f) => {
    const out: SchemeItem = { key: f.key.trim(), label: f.label.trim(), kind: f.kind, weight: f.weight ?? Number.NaN };
    if (f.kind === 'indicator') {
      if (f.indicatorId) out.indicatorId = f.indicatorId;
      if (f.targetInput != null)
        out.target = isRatio(f.indicatorId) ? Math.round(f.targetInput * 10) / 1000 : f.targetInput;
    }
    if (f.note.trim()) out.note = f.note.trim();
    return out;
  });
}

export const weightSum = (form: readonly ItemForm[]) =>
  Math.round(form.reduce((s, f) => s + (f.weight ?? 0), 0) * 100) / 100;
