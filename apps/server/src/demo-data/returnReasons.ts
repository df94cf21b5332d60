import type { FieldValue, FormData, ReturnReason } from '@cjrh/domain';
import type { Rng } from './random';

// Why a bureau returns a demo form: reasons that point at a field or a row the form really has.

const num = (v: FieldValue | undefined) => (typeof v === 'number' ? v : null);

/**
 * 1–2 reasons a bureau would write, each pointing at a field or row the form really has. `pinned` puts the
 * graduates reason first (the demo account that shows a returned form inline).
 */
export function returnReasons(rng: Rng, kind: 'school' | 'enterprise', data: FormData, pinned = false): ReturnReason[] {
  const rows = data.rows;
  const any = () => rng.pick(rows);
  const org: ReturnReason[] = [
    { fieldKey: 'contactPhone', text: '联系电话无法接通，请核实' },
    { fieldKey: 'contactName', text: '联系人请填写具体负责对接的人员姓名' },
  ];
  const byRow: (() => ReturnReason | null)[] = [];
  if (kind === 'school') {
    org.push({ fieldKey: 'enrolment', text: '在校生人数与事业统计数据不一致，请核实' });
    const withGraduates = rows.filter((r) => num(r.values.graduatesMidLevel) !== null);
    const graduates = () => {
      const r = withGraduates.length ? rng.pick(withGraduates) : null;
      return r
        ? { rowKey: r.key, fieldKey: 'graduatesMidLevel', text: '可输送中级工人数与该专业在校生规模不符，请核实' }
        : null;
    };
    if (pinned) {
      const first = graduates();
      if (first) return [first, { fieldKey: 'contactPhone', text: '联系电话无法接通，请核实' }];
    }
    byRow.push(
      graduates,
      () => ({ rowKey: any().key, fieldKey: 'needDetail', text: '具体需求内容过于笼统，请写明合作方式、规模和时间' }),
      () => ({ rowKey: any().key, fieldKey: 'availableFrom', text: '可开始合作时间请与学期安排衔接' }),
      () => ({ rowKey: any().key, fieldKey: 'targetIndustries', text: '对接产业与该专业不匹配，请核实' }),
      () => ({ rowKey: any().key, text: '该专业本年度是否继续招生，请核实此项需求是否保留' }),
    );
  } else {
    org.push(
      { fieldKey: 'employees', text: '职工人数与参保人数差异较大，请核实' },
      { fieldKey: 'industryGB4754', text: '请按国民经济行业分类补充所属行业' },
    );
    byRow.push(
      () => ({ rowKey: any().key, fieldKey: 'headcount', text: '需求人数明显高于企业用工规模，请核实' }),
      () => ({ rowKey: any().key, fieldKey: 'skillLevel', text: '技能等级要求请与岗位实际匹配' }),
      () => ({ rowKey: any().key, fieldKey: 'needDetail', text: '具体需求内容过于笼统，请写明岗位要求、待遇和时间' }),
      () => ({ rowKey: any().key, fieldKey: 'postName', text: '岗位名称请填写企业内部的规范叫法' }),
      () => ({ rowKey: any().key, text: '该岗位与企业所属产业不符，请核实此行需求' }),
    );
  }
  const out: ReturnReason[] = [];
  const n = rng.int(1, 2);
  for (let tries = 0; out.length < n && tries < 10; tries++) {
    const r = rows.length && rng.chance(0.65) ? rng.pick(byRow)() : rng.pick(org);
    if (r && !out.some((x) => x.text === r.text && x.rowKey === r.rowKey)) out.push(r);
  }
  return out.length ? out : [org[0]];
}
