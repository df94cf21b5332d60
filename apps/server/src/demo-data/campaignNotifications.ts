import { daysUntil, regionByCode, REGIONS } from '@cjrh/domain';
import type { notifications } from '../db/schema/index';
import { OPEN_STATES } from '../modules/forms/completeness.service';
import {
  ACCEPT_X,
  ACCEPTED_REGION,
  atX,
  CAMPAIGN_YEAR,
  dateOfDay,
  END,
  jobAt,
  type Planned,
  type Story,
  type UserLite,
} from './campaignCommon';

// The demo campaign's notifications: what the review services (actOnForm, submitBatch, acceptBatch) and the daily
// deadline job (reminders, overdue notices, escalations to the bureaus, with the job's dedupe keys) would have sent
// by the end of the story, and which of them their readers have opened by then.

type NotificationInsert = typeof notifications.$inferInsert;

/** What the review services and the daily deadline job would have sent, with their titles and dedupe keys. */
export function buildNotifications(
  { expected, stories, batches: batchPlan }: Planned,
  idOf: Map<Story, number>,
  userList: UserLite[],
  c: { formsDue: string; regionDue: string; reminderDays: number[] },
): NotificationInsert[] {
  const year = CAMPAIGN_YEAR;
  const out: (NotificationInsert & { order: number })[] = [];
  const orgUsers = (orgId: number) => userList.filter((u) => u.orgId === orgId);
  const regionUsers = (code: string) => userList.filter((u) => u.role === 'region' && u.regionCode === code);
  const provinceUsers = userList.filter((u) => u.role === 'province');
  const readAt = (x: number | null) => (x !== null && x < END ? atX(x) : null);
  const push = (
    to: UserLite[],
    createdAt: Date,
    n: { kind: string; title: string; body?: string; link?: string; dedupeKey?: string },
    read: Date | null,
  ) =>
    to.map((u) => {
      const row = {
        userId: u.id,
        kind: n.kind,
        title: n.title,
        body: n.body ?? '',
        link: n.link ?? null,
        dedupeKey: n.dedupeKey ? `${n.dedupeKey}:u${u.id}` : null,
        createdAt,
        readAt: read,
        order: out.length,
      };
      out.push(row);
      return row;
    });

  // The review path (review.service: actOnForm, submitBatch, acceptBatch).
  for (const s of stories) {
    const id = idOf.get(s)!;
    const link = `/forms/${id}`;
    let version = 1 + s.saveXs.length;
    s.steps.forEach((st, k) => {
      const at = atX(st.x);
      const next = s.steps[k + 1];
      if (st.action === 'submit') {
        // The bureau opens a submitted form when it decides on it.
        push(
          regionUsers(s.org.regionCode),
          at,
          {
            kind: 'form_submitted',
            title: `${s.org.name} 提交了需求信息征集表`,
            link,
            dedupeKey: `submitted:${id}:v${version}`,
          },
          readAt(next ? next.x : null),
        );
      } else if (st.action === 'return') {
        push(
          orgUsers(s.orgId),
          at,
          {
            kind: 'form_returned',
            title: `${year} 年度需求信息征集表被市州人社局退回`,
            body: st.reasons
              .map((r) => r.text)
              .join('；')
              .slice(0, 500),
            link,
          },
          null,
        );
      } else if (st.action === 'approve') {
        push(
          orgUsers(s.orgId),
          at,
          { kind: 'form_decided', title: `${year} 年度需求信息征集表：审核通过`, link },
          st.x < 26 ? readAt(st.x + 0.3) : null,
        );
      }
      version++;
    });
  }
  for (const b of batchPlan) {
    const accepted = b.regionCode === ACCEPTED_REGION;
    push(
      provinceUsers,
      atX(b.x),
      {
        kind: 'batch_submitted',
        title: `${regionByCode(b.regionCode)!.name} 报送了第 1 批需求信息（${b.stories.length} 份）`,
        link: `/campaigns/${year}/batches`,
      },
      accepted ? readAt(ACCEPT_X) : null,
    );
    if (accepted)
      push(
        regionUsers(b.regionCode),
        atX(ACCEPT_X),
        { kind: 'batch_accepted', title: `省厅已接收第 1 批需求信息（${b.stories.length} 份）`, link: '/campaigns' },
        null,
      );
  }

  // The deadline job (completeness.service runDeadlineReminders), run every morning at 08:00.
  const storyOf = new Map(stories.map((s) => [s.orgId, s]));
  const stateAt = (orgId: number, x: number): string => {
    const s = storyOf.get(orgId);
    if (!s || s.createX >= x) return 'not_started';
    let state: string = 'draft';
    for (const st of s.steps) if (st.x < x) state = st.to;
    return state;
  };
  /** When the organisation next leaves the open states after x (it submits), or null. */
  const leavesOpenAfter = (orgId: number, x: number) =>
    storyOf.get(orgId)?.steps.find((st) => st.x >= x && !OPEN_STATES.includes(st.to))?.x ?? null;
  const overdueSent = new Set<number>();
  /** Per region, the escalations of each day: the bureau read all but the latest the next morning. */
  const escalations = new Map<string, { day: number; rows: { readAt: Date | null }[] }[]>();
  for (let day = 0; day <= Math.floor(END); day++) {
    const date = dateOfDay(day);
    const at = jobAt(day);
    const d = daysUntil(date, c.formsDue);
    const open = expected.filter((e) => OPEN_STATES.includes(stateAt(e.orgId, day)));
    const link = `/campaigns/${year}/my-form`;
    if (d >= 0 && (d === 0 || c.reminderDays.includes(d))) {
      for (const e of open) {
        push(
          orgUsers(e.orgId),
          at,
          {
            kind: 'deadline',
            title: d === 0 ? `今天是 ${year} 年度需求信息填报截止日` : `距 ${year} 年度需求信息填报截止还有 ${d} 天`,
            body: `请于 ${c.formsDue} 前完成并提交需求信息征集表。`,
            link,
            dedupeKey: `remind:${year}:${e.orgId}:d${d}`,
          },
          readAt(day + 0.1),
        );
      }
    }
    if (d < 0) {
      const byRegion = new Map<string, number>();
      for (const e of open) {
        if (!overdueSent.has(e.orgId)) {
          overdueSent.add(e.orgId);
          push(
            orgUsers(e.orgId),
            at,
            {
              kind: 'overdue',
              title: `${year} 年度需求信息征集表已逾期`,
              body: `填报截止日期为 ${c.formsDue}，请尽快提交。`,
              link,
              dedupeKey: `overdue:${year}:${e.orgId}`,
            },
            readAt(leavesOpenAfter(e.orgId, day)),
          );
        }
        byRegion.set(e.org.regionCode, (byRegion.get(e.org.regionCode) ?? 0) + 1);
      }
      for (const [code, n] of byRegion) {
        const rows = push(
          regionUsers(code),
          at,
          {
            kind: 'escalation',
            title: `${n} 家单位逾期未提交 ${year} 年度需求信息`,
            body: `填报截止日期 ${c.formsDue} 已过，请督促辖区单位提交。`,
            link: `/campaigns/${year}/completeness`,
            dedupeKey: `escalate:${year}:${code}:${date}`,
          },
          null,
        );
        escalations.set(code, [...(escalations.get(code) ?? []), { day, rows }]);
      }
    }
    const rd = daysUntil(date, c.regionDue);
    if (rd >= 0 && (rd === 0 || c.reminderDays.includes(rd))) {
      for (const r of REGIONS) {
        push(
          regionUsers(r.code),
          at,
          {
            kind: 'deadline',
            title: rd === 0 ? `今天是 ${year} 年度报送省厅截止日` : `距 ${year} 年度报送省厅截止还有 ${rd} 天`,
            body: `请于 ${c.regionDue} 前审核辖区表单并报送省厅。`,
            link: `/campaigns/${year}/review`,
            dedupeKey: `region-remind:${year}:${r.code}:d${rd}`,
          },
          readAt(day + 0.1),
        );
      }
    }
  }
  for (const list of escalations.values())
    for (const e of list.slice(0, -1)) for (const r of e.rows) r.readAt = atX(e.day + 0.1);
  return out
    .sort((a, b) => a.createdAt!.getTime() - b.createdAt!.getTime() || a.order - b.order)
    .map(({ order: _o, ...n }) => n);
}
