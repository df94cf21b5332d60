import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import {
  FORM_STATE_LABELS,
  FORM_STATES,
  formatValue,
  regionByCode,
  REGIONS,
  type CodeLists,
  type FieldValue,
  type FormData as DemandData,
  type FormDefinition,
  type FormKind,
  type FormState,
} from '@cjrh/domain';
import type { Db } from '../../db/client';
import { forms, orgs } from '../../db/schema/index';
import { listScope, requireAccess, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { findCampaign } from '../campaigns/campaigns.service';
import { loadCodeLists } from '../forms/forms.repository';
import { addDataSheet, bufferedWriter, dataSheetWidths } from './layout';
import { rowHeightFor } from './print';
import { campaignDefinition } from './template';

const APPROVED_STATES: readonly FormState[] = ['region_approved', 'with_province', 'accepted'];
const STATE_HEADER = '状态';
const FETCH_BATCH = 100; // forms per query: bounded memory whatever the province's size

function statesOf(state: string | undefined): readonly FormState[] | null {
  if (!state || state === 'approved') return APPROVED_STATES;
  if (state === 'all') return null;
  if ((FORM_STATES as readonly string[]).includes(state)) return [state as FormState];
  throw new AppError(400, 'validation_failed', `状态参数不正确：${state}（可用 approved、all 或具体状态）`);
}

/** A stored value as people read it (formatValue); counts stay numbers so the sheet can sum them. */
function cellOf(def: FormDefinition, key: string, v: FieldValue | undefined, lists: CodeLists): string | number | null {
  const f = def.fields.find((x) => x.key === key)!;
  if ((f.type === 'integer' || f.type === 'number') && typeof v === 'number') return v;
  const s = formatValue(f, v, lists);
  return s === '' ? null : s;
}

/**
 * The forms of the caller's scope in the template's layout, one row per need row with the org columns repeated and
 * 状态 at the end: a sheet per region for the province, one sheet otherwise. Forms are read in batches and written
 * with the streaming writer, so the whole province's 50,000 rows are never in memory at once.
 */
export async function buildExport(
  db: Db,
  ctx: Ctx,
  year: number,
  kind: FormKind,
  q: { region?: string; state?: string },
) {
  const actor = requireAccess(ctx, 'form.read');
  const scope = listScope(actor);
  const campaign = await findCampaign(db, year);
  const def = await campaignDefinition(db, campaign, kind);
  const states = statesOf(q.state);
  const lists = await loadCodeLists(db);
  const outside = scope.none || (scope.regionCode && q.region && q.region !== scope.regionCode);
  const where: SQL[] = [eq(forms.campaignId, campaign.id), eq(forms.kind, kind)];
  const region = scope.regionCode ?? q.region;
  if (region) where.push(eq(forms.regionCode, region));
  if (scope.orgId != null) where.push(eq(forms.orgId, scope.orgId));
  if (states) where.push(inArray(forms.state, [...states]));
  const index = outside
    ? []
    : await db
        .select({ id: forms.id, regionCode: forms.regionCode })
        .from(forms)
        .innerJoin(orgs, eq(orgs.id, forms.orgId))
        .where(and(...where))
        .orderBy(asc(forms.regionCode), asc(orgs.name), asc(forms.id));

  const perRegion = actor.role === 'province';
  const sheets = new Map<string, number[]>();
  for (const f of index) {
    const key = perRegion ? f.regionCode : '';
    sheets.set(key, [...(sheets.get(key) ?? []), f.id]);
  }
  if (!sheets.size) sheets.set('', []);
  const order = [...sheets.keys()].sort(
    (a, b) => REGIONS.findIndex((r) => r.code === a) - REGIONS.findIndex((r) => r.code === b),
  );

  const { wb, finish } = bufferedWriter();
  const fieldKeys = def.fields.map((f) => f.key);
  const widths = dataSheetWidths(def, 1);
  for (const key of order) {
    const name = key
      ? (regionByCode(key)?.name ?? key)
      : region
        ? (regionByCode(region)?.name ?? def.sheetName)
        : def.sheetName;
    const ws = addDataSheet(wb, def, { name: name.slice(0, 31), validateToRow: 0, extraHeaders: [STATE_HEADER] });
    const ids = sheets.get(key)!;
    let n = 0;
    for (let i = 0; i < ids.length; i += FETCH_BATCH) {
      const part = ids.slice(i, i + FETCH_BATCH);
      const rows = await db
        .select({ id: forms.id, state: forms.state, data: forms.data })
        .from(forms)
        .where(inArray(forms.id, part));
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const id of part) {
        const f = byId.get(id)!;
        const data = f.data as DemandData;
        const needRows = data.rows?.length ? data.rows : [{ key: '', values: {} as Record<string, FieldValue> }];
        for (const r of needRows) {
          const values = fieldKeys.map((k, c) =>
            cellOf(def, k, def.fields[c].scope === 'org' ? data.org?.[k] : r.values?.[k], lists),
          );
          const cells = [++n, ...values, FORM_STATE_LABELS[f.state as FormState] ?? f.state];
          const row = ws.addRow(cells);
          // Excel never grows a row on open: without a height a wrapped 具体需求内容 prints cut to one line.
          const height = rowHeightFor(cells, widths);
          if (height) row.height = height;
          row.commit();
        }
      }
    }
    ws.commit();
  }
  const scopeName =
    actor.role === 'province'
      ? region
        ? (regionByCode(region)?.name ?? region)
        : '全省'
      : actor.role === 'region'
        ? (regionByCode(actor.regionCode ?? '')?.name ?? '本地区')
        : (actor.orgName ?? '本单位');
  return {
    buffer: await finish(),
    fileName: `${year}年度${kind === 'school' ? '学校' : '企业'}需求信息（${scopeName}）.xlsx`,
  };
}
