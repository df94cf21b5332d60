import { nextTick } from 'vue';
import type { FieldIssue, FormDefinition, ReturnReason } from '@cjrh/domain';
import { spotDomId, type EditorRow, type Spot } from './formModel';

export function spotOfIssue(def: FormDefinition, i: FieldIssue): Spot | null {
  if (i.scope === 'row' && i.rowIndex !== undefined)
    return { scope: 'row', rowIndex: i.rowIndex, fieldKey: i.fieldKey || undefined };
  if (def.fields.some((f) => f.key === i.fieldKey && f.scope === 'org')) return { scope: 'org', fieldKey: i.fieldKey };
  return null;
}

export function spotOfReason(rows: EditorRow[], r: ReturnReason): Spot | null {
  if (r.rowKey) {
    const rowIndex = rows.findIndex((x) => x.origKey === r.rowKey);
    return rowIndex >= 0 ? { scope: 'row', rowIndex, fieldKey: r.fieldKey } : null;
  }
  return r.fieldKey ? { scope: 'org', fieldKey: r.fieldKey } : null;
}

/** Scrolls a field or cell into the middle of the screen, flashes it and puts the cursor in it. */
export async function jumpTo(spot: Spot | null, table?: { showRow: (i: number) => void } | null) {
  if (!spot) return;
  if (spot.scope === 'row') table?.showRow(spot.rowIndex);
  await nextTick();
  const el =
    document.getElementById(spotDomId(spot)) ??
    (spot.scope === 'row' ? document.getElementById(spotDomId({ scope: 'row', rowIndex: spot.rowIndex })) : null);
  if (!el) return;
  el.scrollIntoView({ block: 'center', inline: 'center', behavior: 'smooth' });
  el.classList.remove('spot-flash');
  void el.offsetWidth; // restart the animation
  el.classList.add('spot-flash');
  const input = el.querySelector<HTMLElement>('input:not([disabled]), textarea:not([disabled])');
  setTimeout(() => input?.focus({ preventScroll: true }), 350);
}
