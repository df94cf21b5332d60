import ExcelJS from 'exceljs';
import { BASE_STATUS_LABELS, type LayoutView } from '@cjrh/domain';

/** The layout as a workbook: schools (with the filters applied), county public training bases, county sums. */
export async function layoutWorkbook(v: LayoutView) {
  const wb = new ExcelJS.Workbook();
  const s = wb.addWorksheet('院校布局');
  s.addRow([
    '市州',
    '县（市、区）',
    '县级代码',
    '院校',
    '类型',
    '举办性质',
    '在校生',
    '龙头院校',
    '认定理由',
    '达标项目',
  ]).font = { bold: true };
  for (const r of v.schools)
    s.addRow([
      r.regionName,
      r.countyName ?? '未定',
      r.countyCode ?? '',
      r.name,
      r.schoolType ?? '',
      r.ownership ?? '',
      r.enrolment ?? '',
      r.flagship ? '是' : '',
      r.flagshipReason ?? '',
      `${r.standardsMet}/${r.standardsTotal}`,
    ]);
  s.columns = [
    { width: 16 },
    { width: 16 },
    { width: 10 },
    { width: 36 },
    { width: 14 },
    { width: 10 },
    { width: 10 },
    { width: 10 },
    { width: 40 },
    { width: 10 },
  ];
  s.views = [{ state: 'frozen', ySplit: 1 }];
  const b = wb.addWorksheet('县域公共实训基地');
  b.addRow(['县（市、区）', '县级代码', '基地名称', '承建院校', '容量（工位）', '状态']).font = { bold: true };
  for (const r of v.bases)
    b.addRow([r.countyName, r.countyCode, r.name, r.ownerName ?? '', r.capacity, BASE_STATUS_LABELS[r.status]]);
  b.columns = [{ width: 16 }, { width: 10 }, { width: 36 }, { width: 36 }, { width: 12 }, { width: 10 }];
  const c = wb.addWorksheet('按县汇总');
  c.addRow(['县（市、区）', '县级代码', '院校数', '龙头院校', '实训基地', '基地容量']).font = { bold: true };
  for (const r of v.counties) c.addRow([r.countyName, r.countyCode, r.schools, r.flagships, r.bases, r.baseCapacity]);
  c.columns = [{ width: 16 }, { width: 10 }, { width: 10 }, { width: 10 }, { width: 10 }, { width: 10 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
