import type { FormKind } from '@cjrh/domain';
import type { DbOrTx } from '../../db/client';
import { requireAccess, type Ctx } from '../../http/access';
import { findCampaign } from '../campaigns/campaigns.service';
import { loadCodeLists } from '../forms/forms.repository';
import {
  addDataSheet,
  addHiddenSheets,
  bufferedWriter,
  planLists,
  TEMPLATE_DATA_ROWS,
  writeExampleRow,
} from './layout';

import { campaignDefinition } from '../forms/definitions.repository';

export { campaignDefinition };

/**
 * The fill-in template of a campaign year, generated from the definition (nothing about a column is hard-wired) and
 * the live dictionaries, so a specialty added today is in today's dropdown. Data rows are left empty.
 */
export async function buildTemplate(db: DbOrTx, ctx: Ctx, year: number, kind: FormKind) {
  requireAccess(ctx, 'form.read');
  const campaign = await findCampaign(db, year);
  const def = await campaignDefinition(db, campaign, kind);
  const plan = planLists(def, await loadCodeLists(db));
  const { wb, finish } = bufferedWriter();
  const ws = addDataSheet(wb, def, { name: def.sheetName, validateToRow: TEMPLATE_DATA_ROWS + 2, plan });
  writeExampleRow(ws, def);
  ws.commit();
  addHiddenSheets(wb, def, plan, { kind, version: def.version, campaignYear: year });
  return { buffer: await finish(), fileName: `${year}年度${def.title}.xlsx` };
}
