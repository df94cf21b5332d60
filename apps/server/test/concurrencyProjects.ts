import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { REGIONS, formDefinition } from '@cjrh/domain';
import { XLSX_TYPE } from '../src/modules/excel/layout';
import { download as downloadOnboarding, fill as fillOnboarding } from '../src/modules/onboarding/onboarding.testkit';
import { schoolRow } from '../src/modules/excel/excel.testkit';
import type { Case } from './concurrencyKit';
import { uniq, pair, specialty, AGREEMENT, project, cohort, fair } from './concurrencyKit';

// Ten-at-once cases (http/concurrency.test.ts) for projects, reports, internships, fair meetings and the imports.
export const projectCases: Case[] = [
  // --- projects, reports, internships, fair meetings ---
  {
    route: 'PATCH /api/projects/{id}',
    arrange: async (x) => {
      const { p } = await project(x);
      return {
        who: p.who,
        method: 'PATCH',
        url: `/api/projects/${p.id}`,
        body: { version: p.version, title: `${p.title}（改）` },
      };
    },
  },
  {
    route: 'DELETE /api/projects/{id}',
    arrange: async (x) => {
      const { p } = await project(x);
      return {
        who: p.who,
        method: 'DELETE',
        url: `/api/projects/${p.id}?version=${p.version}&reason=${encodeURIComponent('重复登记')}`,
      };
    },
    refusals: [404],
  },
  {
    route: 'POST /api/projects/{id}/actions',
    arrange: async (x) => {
      const { p } = await project(x);
      return {
        who: p.who,
        method: 'POST',
        url: `/api/projects/${p.id}/actions`,
        body: { action: 'start', version: p.version },
      };
    },
  },
  {
    route: 'POST /api/projects/{id}/move',
    arrange: async (x) => {
      const { a, p } = await project(x);
      const other = await x.send(a.su, 'POST', '/api/agreements', {
        ...AGREEMENT,
        title: `并发迁入协议${uniq()}`,
        schoolOrgIds: [a.school],
        enterpriseOrgIds: [a.ent],
      });
      return {
        who: a.su,
        method: 'POST',
        url: `/api/projects/${p.id}/move`,
        body: { agreementId: other.id, version: p.version },
      };
    },
  },
  {
    route: 'PUT /api/reports/{id}',
    arrange: async (x) => {
      const { p } = await project(x);
      const [r] = await x.sql(
        sql`insert into progress_reports (project_id, period, due_date, state, metrics, region_code) values (${p.id}, '2026-10', '2026-10-28', 'draft', '{}'::jsonb, '420600') returning id`,
      );
      return {
        who: p.who,
        method: 'PUT',
        url: `/api/reports/${r.id}`,
        body: { version: 1, metrics: { outputs: 2 }, note: '并发填报' },
      };
    },
  },
  {
    route: 'POST /api/reports/{id}/actions',
    arrange: async (x) => {
      const { p } = await project(x);
      const [r] = await x.sql(
        sql`insert into progress_reports (project_id, period, due_date, state, metrics, region_code) values (${p.id}, '2026-10', '2026-10-28', 'draft', ${JSON.stringify({ outputs: 1 })}::jsonb, '420600') returning id`,
      );
      return {
        who: p.who,
        method: 'POST',
        url: `/api/reports/${r.id}/actions`,
        body: { action: 'submit', version: 1 },
      };
    },
  },
  {
    route: 'POST /api/internships',
    arrange: async (x) => {
      const q = await pair(x);
      return { who: q.su, method: 'POST', url: '/api/internships', body: cohort(q.school, q.ent) };
    },
  },
  {
    route: 'PATCH /api/internships/{id}',
    arrange: async (x) => {
      const q = await pair(x);
      const c = await x.send(q.su, 'POST', '/api/internships', cohort(q.school, q.ent));
      return {
        who: q.su,
        method: 'PATCH',
        url: `/api/internships/${c.id}`,
        body: { version: c.version, employedAfter: 12 },
      };
    },
  },
  {
    route: 'POST /api/internships/{id}/actions',
    arrange: async (x) => {
      const q = await pair(x);
      const c = await x.send(q.su, 'POST', '/api/internships', cohort(q.school, q.ent));
      return {
        who: q.eu,
        method: 'POST',
        url: `/api/internships/${c.id}/actions`,
        body: { action: 'confirm', version: c.version },
      };
    },
  },
  {
    route: 'POST /api/events/{id}/meetings',
    arrange: async (x) => {
      const m = await fair(x);
      return {
        who: m.q.su,
        method: 'POST',
        url: `/api/events/${m.e.id}/meetings`,
        body: { slotStart: m.slots[0], schoolOrgId: m.q.school, enterpriseOrgId: m.q.ent },
      };
    },
  },
  {
    route: 'POST /api/events/{id}/meetings/{meetingId}/response',
    arrange: async (x) => {
      const m = await fair(x);
      const req = await x.send(m.q.su, 'POST', `/api/events/${m.e.id}/meetings`, {
        slotStart: m.slots[0],
        schoolOrgId: m.q.school,
        enterpriseOrgId: m.q.ent,
      });
      return {
        who: m.q.eu,
        method: 'POST',
        url: `/api/events/${m.e.id}/meetings/${req.id}/response`,
        body: { action: 'accept' },
      };
    },
  },
  {
    route: 'PATCH /api/events/{id}/meetings/{meetingId}',
    // The same outcome again changes nothing (200, no entry).
    idempotent: true,
    arrange: async (x) => {
      const m = await fair(x);
      const req = await x.send(m.q.su, 'POST', `/api/events/${m.e.id}/meetings`, {
        slotStart: m.slots[0],
        schoolOrgId: m.q.school,
        enterpriseOrgId: m.q.ent,
      });
      await x.send(m.q.eu, 'POST', `/api/events/${m.e.id}/meetings/${req.id}/response`, { action: 'accept' });
      return {
        who: m.q.su,
        method: 'PATCH',
        url: `/api/events/${m.e.id}/meetings/${req.id}`,
        body: { outcome: 'intent', outcomeNote: '达成订单班合作意向' },
      };
    },
  },
  {
    route: 'POST /api/campaigns/{year}/imports',
    // Ten uploads of one school's filled template: each is a queued job (202, nothing written by the request); the
    // first job to write creates the school's form, every other finds it unchanged — one form, one entry.
    idempotent: true,
    audits: 0,
    arrange: async (x) => {
      const p = await pair(x);
      const [org] = await x.sql(sql`select name, uscc from orgs where id = ${p.school}`);
      const tpl = await x.t.app.inject({
        url: '/api/campaigns/2025/forms/school/template.xlsx',
        headers: { cookie: x.c[p.su] },
      });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(tpl.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0];
      const row = ws.getRow(3);
      row.getCell(1).value = 1;
      schoolRow(
        formDefinition('school', 2025),
        { name: org.name, uscc: org.uscc },
        {
          specialtyCode: (
            await x.sql(sql`select name from dict_entries where kind = 'specialty' and active order by code limit 1`)
          )[0].name,
          needType: '学生实习实训基地',
        },
      ).forEach((v, c) => (row.getCell(c + 2).value = v as ExcelJS.CellValue));
      return {
        who: p.su,
        method: 'POST',
        url: '/api/campaigns/2025/imports?kind=school',
        raw: { type: XLSX_TYPE, body: Buffer.from(await wb.xlsx.writeBuffer()) },
      };
    },
    check: async (x, s, ok) => {
      const states: string[] = [];
      for (const r of ok as { jobId: number }[]) {
        let job: { state: string; message: string } = { state: 'queued', message: '' };
        for (let i = 0; i < 600 && (job.state === 'queued' || job.state === 'running'); i++) {
          await new Promise((res) => setTimeout(res, 100));
          job = await x.get(s.who, `/api/imports/${r.jobId}`);
        }
        states.push(`${job.state} ${job.message}`);
      }
      // A job that meets the form another job just created is refused whole with a Chinese message (the job's 409):
      // on PostgreSQL, where the ten jobs really overlap, most of them.
      expect(
        states.filter((st) => !st.startsWith('done') && !/^failed .*被他人修改或创建/.test(st)),
        states.join('\n'),
      ).toEqual([]);
      expect(states.filter((st) => st.startsWith('done')).length, states.join('\n')).toBeGreaterThanOrEqual(1);
      const me = (await x.sql(sql`select org_id from users where username = ${s.who}`))[0].org_id;
      expect(
        await x.sql(
          sql`select f.id from forms f join campaigns c on c.id = f.campaign_id where f.org_id = ${me} and c.year = 2025`,
        ),
      ).toHaveLength(1);
      expect(
        await x.sql(
          sql`select id from audit_log where action = 'form.import' and entity_id in (select id::text from forms where org_id = ${me})`,
        ),
      ).toHaveLength(1);
    },
  },
  {
    route: 'POST /api/campaigns/{year}/quotas/import',
    // The same file again is no change (200 「没有需要保存的修改」): one save, one entry.
    idempotent: true,
    arrange: async (x) => {
      const tpl = await x.t.app.inject({
        url: '/api/campaigns/2025/quotas/template.xlsx',
        headers: { cookie: x.c['cc-prov'] },
      });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(tpl.rawPayload as unknown as ArrayBuffer);
      const ws = wb.getWorksheet('任务分配')!;
      REGIONS.forEach((_, i) => {
        ws.getCell(2 + i, 3).value = 50 + i;
        ws.getCell(2 + i, 4).value = 7;
      });
      // Blank province totals: the regions' sums become them.
      ws.getCell(3 + REGIONS.length, 3).value = null;
      ws.getCell(3 + REGIONS.length, 4).value = null;
      return {
        who: 'cc-prov',
        method: 'POST',
        url: '/api/campaigns/2025/quotas/import',
        raw: { type: XLSX_TYPE, body: Buffer.from(await wb.xlsx.writeBuffer()) },
      };
    },
    check: async (x, s, ok) => expect(ok.filter((r) => r.changed)).toHaveLength(1),
  },
  {
    route: 'POST /api/key-industries/import',
    // The same file again: 「更新 0 个市州」, nothing written.
    idempotent: true,
    arrange: async (x) => {
      const tpl = await x.t.app.inject({
        url: '/api/key-industries/import/template.xlsx',
        headers: { cookie: x.c['cc-prov'] },
      });
      const codes = (
        await x.sql(sql`select code from dict_entries where kind = 'industry' and active order by code limit 2`)
      ).map((r) => r.code as string);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(tpl.rawPayload as unknown as ArrayBuffer);
      const row = wb.getWorksheet('重点产业')!.getRow(3);
      row.getCell(2).value = '荆门市';
      row.getCell(3).value = codes.join('、');
      return {
        who: 'cc-prov',
        method: 'POST',
        url: '/api/key-industries/import',
        raw: { type: XLSX_TYPE, body: Buffer.from(await wb.xlsx.writeBuffer()) },
      };
    },
    check: async (x, s, ok) => expect(ok.filter((r) => r.updated === 1)).toHaveLength(1),
  },
  {
    route: 'POST /api/trainings/import',
    // Two rows: two records, two entries; the same file again adds nothing (「已登记过，未重复导入」).
    idempotent: true,
    audits: 2,
    arrange: async (x) => {
      const tpl = await x.t.app.inject({
        url: '/api/trainings/import/template.xlsx',
        headers: { cookie: x.c['cc-reg'] },
      });
      const spec = await specialty(x);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(tpl.rawPayload as unknown as ArrayBuffer);
      const ws = wb.getWorksheet('师资培训')!;
      [
        ['襄阳并发测试技师学院', '导入甲老师', spec, '2026-05-01', '2026-05-10', 40, '并发培训基地'],
        ['襄阳并发测试技师学院', '导入乙老师', spec, '2026-05-01', '2026-05-10', 40, '并发培训基地'],
      ].forEach((cells, i) => cells.forEach((v, k) => (ws.getRow(3 + i).getCell(2 + k).value = v)));
      return {
        who: 'cc-reg',
        method: 'POST',
        url: '/api/trainings/import',
        raw: { type: XLSX_TYPE, body: Buffer.from(await wb.xlsx.writeBuffer()) },
      };
    },
    check: async (x, s, ok) => expect(ok.reduce((n, r) => n + r.created, 0)).toBe(2),
  },
  {
    route: 'POST /api/orgs/import',
    // One new school: its organisation and account (two entries); the others wait on the onboarding lock and find it
    // created (409 「…被他人同时创建…」) or, once it is there, unchanged (200).
    idempotent: true,
    audits: 2,
    arrange: async (x) => {
      const file = await fillOnboarding(await downloadOnboarding(x.t, x.c['cc-reg']), [
        { name: `襄阳并发导入技师学院${uniq()}`, uscc: await x.uscc('420600') },
      ]);
      return { who: 'cc-reg', method: 'POST', url: '/api/orgs/import', raw: { type: XLSX_TYPE, body: file } };
    },
    check: async (x, s, ok) => expect(ok.filter((r) => r.created === 1)).toHaveLength(1),
  },
  {
    route: 'POST /api/onboarding/handouts/{id}/download',
    // Served once: the others learn it was downloaded (410, who and when).
    refusals: [410],
    arrange: async (x) => {
      const file = await fillOnboarding(await downloadOnboarding(x.t, x.c['cc-reg']), [
        { name: `襄阳并发开通技师学院${uniq()}`, uscc: await x.uscc('420600') },
      ]);
      const r = await x.t.app.inject({
        method: 'POST',
        url: '/api/orgs/import',
        headers: { cookie: x.c['cc-reg'], 'content-type': XLSX_TYPE },
        payload: file,
      });
      return { who: 'cc-reg', method: 'POST', url: `/api/onboarding/handouts/${r.json().handoutId}/download` };
    },
  },
];
