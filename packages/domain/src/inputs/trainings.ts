import { z } from 'zod';
import { requiredText } from '../contracts/common';

/**
 * 工学一体化 teacher trainings (notice §(三): 全省每年培训工学一体化教师 500 人以上), one record per teacher. The same
 * rules judge the screen, the API and every Excel cell, so each says the same thing in the same words.
 */
export const TRAINING_HOURS_MIN = 1;
/** A year of full-time study is about 2000 hours: more is a typo (minutes, or days × hours twice). */
export const TRAINING_HOURS_MAX = 2000;
const TRAINING_MESSAGES = Object.freeze({
  endBeforeStart: '结束日期不能早于开始日期',
  hours: `培训学时应为 ${TRAINING_HOURS_MIN}–${TRAINING_HOURS_MAX} 的整数`,
  date: '日期格式应为 YYYY-MM-DD',
});

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (s: string) => DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
const day = z.string().refine(isDay, TRAINING_MESSAGES.date);

/** The problems of one record's dates and hours, by field (empty when it is fine). */
export function trainingProblems(v: {
  startDate: string;
  endDate: string;
  hours: number;
}): { field: 'endDate' | 'hours'; message: string }[] {
  const out: { field: 'endDate' | 'hours'; message: string }[] = [];
  if (isDay(v.startDate) && isDay(v.endDate) && v.endDate < v.startDate)
    out.push({ field: 'endDate', message: TRAINING_MESSAGES.endBeforeStart });
  if (!Number.isInteger(v.hours) || v.hours < TRAINING_HOURS_MIN || v.hours > TRAINING_HOURS_MAX)
    out.push({ field: 'hours', message: TRAINING_MESSAGES.hours });
  return out;
}

export const teacherTrainingInput = z
  .object({
    teacherName: requiredText(40),
    specialtyCode: z.string().trim().min(1, '请选择专业').max(20),
    startDate: day,
    endDate: day,
    hours: z.number({ message: TRAINING_MESSAGES.hours }),
    provider: requiredText(100),
  })
  .superRefine((v, ctx) => {
    for (const p of trainingProblems(v)) ctx.addIssue({ code: 'custom', path: [p.field], message: p.message });
  });
export type TeacherTrainingInput = z.infer<typeof teacherTrainingInput>;

export const teacherTrainingUpdate = z.intersection(
  teacherTrainingInput,
  z.object({ version: z.number().int().positive() }),
);

export const teacherTraining = z.object({
  id: z.number(),
  schoolOrgId: z.number(),
  schoolName: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  teacherName: z.string(),
  specialtyCode: z.string(),
  specialtyName: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  hours: z.number(),
  provider: z.string(),
  version: z.number(),
});
export type TeacherTraining = z.infer<typeof teacherTraining>;

export const teacherTrainingList = z.object({
  items: z.array(teacherTraining),
  total: z.number(),
  teachers: z.number(),
});
export type TeacherTrainingList = z.infer<typeof teacherTrainingList>;

export const trainingImportResult = z.object({ created: z.number(), message: z.string() });
export type TrainingImportResult = z.infer<typeof trainingImportResult>;
