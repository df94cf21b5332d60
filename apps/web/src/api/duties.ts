// Issue 19 parts 5–7: 培训评价与竞赛, 学校考核, 倾斜名单 (校地协议 go through api/agreements).
import type { z } from 'zod';
import type {
  assessmentResultItemOut,
  DutyFigures,
  priorityCandidateOut,
  priorityCandidatesOut,
  priorityListOut,
  priorityListsOut,
  SchemeItem,
  schoolAssessmentOut,
  schoolAssessmentOverviewOut,
  schoolManualScoreOut,
  schoolResultRowOut,
  schoolTemplateOut,
  SkillContest,
  SkillContestInput,
  SkillTraining,
  SkillTrainingInput,
} from '@cjrh/domain';
import { http } from './http';
import { downloadFile } from './imports';

export type { DutyFigures, SkillContest, SkillTraining };
type Query = { year?: number; state?: string; page: number; pageSize: number };
type Page<T> = { items: T[]; total: number };

export const skillsApi = {
  trainings: (q: Query) => http.get<Page<SkillTraining>>('/api/skills/trainings', q),
  contests: (q: Query) => http.get<Page<SkillContest>>('/api/skills/contests', q),
  createTraining: (b: Partial<SkillTrainingInput>) => http.post<SkillTraining>('/api/skills/trainings', b),
  createContest: (b: Partial<SkillContestInput>) => http.post<SkillContest>('/api/skills/contests', b),
  update: (kind: 'trainings' | 'contests', id: number, b: Record<string, unknown>) =>
    http.put<SkillTraining | SkillContest>(`/api/skills/${kind}/${id}`, b),
  remove: (kind: 'trainings' | 'contests', id: number, version: number) =>
    http.del<{ ok: true }>(`/api/skills/${kind}/${id}?version=${version}`),
  review: (
    kind: 'trainings' | 'contests',
    id: number,
    b: { decision: 'approve' | 'return'; reason: string; version: number },
  ) => http.post<SkillTraining | SkillContest>(`/api/skills/${kind}/${id}/review`, b),
  figures: (q: { year?: number; region?: string }) => http.get<DutyFigures>('/api/skills/figures', q),
};

export type SchoolResultItem = z.output<typeof assessmentResultItemOut>;
export type SchoolResultRow = z.output<typeof schoolResultRowOut>;
export type SchoolAssessmentView = z.output<typeof schoolAssessmentOut>;

export const schoolAssessApi = {
  get: (year: number, region?: string) =>
    http.get<SchoolAssessmentView>(`/api/school-assessments/${year}/region`, region ? { region } : {}),
  overview: (year: number) => http.get<z.output<typeof schoolAssessmentOverviewOut>>(`/api/school-assessments/${year}`),
  exportUrl: (year: number, region?: string) =>
    `/api/school-assessments/${year}/result.xlsx${region ? `?region=${region}` : ''}`,
  template: (year: number) => http.get<z.output<typeof schoolTemplateOut>>(`/api/school-assessments/${year}/template`),
  saveScheme: (year: number, b: { title?: string; items: SchemeItem[]; version?: number }) =>
    http.put<SchoolAssessmentView>(`/api/school-assessments/${year}/scheme`, b),
  score: (year: number, b: { schoolOrgId: number; itemKey: string; score: number; reason: string; evidence: string }) =>
    http.put<z.output<typeof schoolManualScoreOut>>(`/api/school-assessments/${year}/scores`, b),
  freeze: (year: number) => http.post<SchoolAssessmentView>(`/api/school-assessments/${year}/freeze`),
  publish: (year: number) => http.post<SchoolAssessmentView>(`/api/school-assessments/${year}/publish`),
};

export type PriorityList = z.output<typeof priorityListOut>;
export type PriorityCandidate = z.output<typeof priorityCandidateOut>;

export const priorityApi = {
  list: (year?: number) => http.get<z.output<typeof priorityListsOut>>('/api/priority-lists', year ? { year } : {}),
  create: (b: { year: number; applicationType: string }) => http.post<PriorityList>('/api/priority-lists', b),
  candidates: (id: number, q?: string) =>
    http.get<z.output<typeof priorityCandidatesOut>>(`/api/priority-lists/${id}/candidates`, q ? { q } : {}),
  add: (id: number, b: { orgId: number; reason: string }) =>
    http.post<PriorityList>(`/api/priority-lists/${id}/entries`, b),
  remove: (id: number, orgId: number) => http.del<PriorityList>(`/api/priority-lists/${id}/entries/${orgId}`),
  publish: (id: number) => http.post<PriorityList>(`/api/priority-lists/${id}/publish`),
  export: (l: PriorityList) => downloadFile(`/api/priority-lists/${l.id}/export.xlsx`, `${l.title}.xlsx`),
};
