import type { ProjectType } from '@cjrh/domain';
import { dayNo, maxDate, minDate } from './projectDates';
import type { Rng } from './random';

// What the demo's progress reports say: each period's metrics as a filler would type them, and the reasons a bureau
// gives when it returns a report, a project stops or an agreement ends.

export interface MetricState {
  /** order_class: students still in the class. */
  remaining?: number;
}

const CERT_LEVELS = ['CJG', 'ZJG', 'GJG', 'JS'];

/** One period's metrics for a project (what the filler would type), given its data and the period's dates. */
export function periodMetrics(
  rng: Rng,
  type: ProjectType,
  data: Record<string, any>,
  period: { start: string; end: string },
  st: MetricState,
): Record<string, unknown> {
  switch (type) {
    case 'alliance':
      return { activities: rng.int(1, 4) };
    case 'specialty':
      return { coursesDeveloped: rng.int(0, 2) };
    case 'base':
      return {
        studentsHosted: rng.int(Math.ceil(data.capacity * 0.1), Math.ceil(data.capacity * 0.7)),
        productiveOutputValue: data.productive ? Math.round((2 + rng.next() * 28) * 10) / 10 : 0,
      };
    case 'order_class': {
      let remaining = st.remaining ?? (data.students as number);
      if (rng.chance(0.12)) remaining = Math.max(1, remaining - rng.int(1, 2));
      st.remaining = remaining;
      return { studentsEnrolled: data.students, studentsRemaining: remaining, hired: 0 };
    }
    case 'mentor':
      return { teachingHours: rng.int(1, 8) * 8 };
    case 'training_eval': {
      // Mostly small cohorts, now and then a big one (20–400 person-times a month).
      const personTimes = rng.chance(0.06) ? rng.int(180, 400) : rng.int(20, 90);
      const certs: Record<string, number> = {};
      let left = Math.round(personTimes * (0.2 + rng.next() * 0.4));
      for (const lv of rng.sample(CERT_LEVELS.slice(1), rng.int(1, 2))) {
        const n = Math.min(left, rng.int(0, left));
        if (n > 0) certs[lv] = n;
        left -= n;
      }
      return { personTimes, certificatesByLevel: certs };
    }
    case 'teacher_practice': {
      let days = 0;
      for (const t of data.teachers as { startDate: string; endDate: string; days: number }[]) {
        const overlap = dayNo(minDate(t.endDate, period.end)) - dayNo(maxDate(t.startDate, period.start)) + 1;
        if (overlap > 0) days += Math.min(t.days, overlap);
      }
      return { teacherDays: days };
    }
    case 'competition': {
      const inPeriod = data.date >= period.start && data.date <= period.end;
      return inPeriod ? { participants: data.participants, awards: data.awards } : { participants: 0, awards: 0 };
    }
    case 'rnd':
      return { outputs: rng.int(0, 2) };
  }
}

export const RETURN_REASONS: Partial<Record<ProjectType, string[]>> = {
  order_class: ['请补充学生流失原因', '在读人数与上期差异较大，请补充学生流失原因'],
  training_eval: ['请补充本期培训人次的佐证材料（签到表、证书编号）', '取得证书人数与培训人次不符，请核实'],
  base: ['请补充本期接收实习实训学生的名单及时间安排'],
};
export const GENERIC_RETURN_REASONS = ['本期数据与上期差异较大，请核实后重新提交', '请补充本期工作的佐证材料'];
export const STOP_REASONS = [
  '合作企业生产任务调整，项目中止',
  '生源不足，项目未能继续',
  '企业经营调整，双方协商中止',
  '场地改造，共建计划取消',
];
export const TERMINATE_REASONS = [
  '企业经营调整，双方协商终止',
  '企业搬迁至省外，无法继续履行',
  '学校专业调整，合作内容不再适用',
  '企业经营调整，双方协商终止',
];
