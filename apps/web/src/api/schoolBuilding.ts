// Layout, specialty setting and exit, teachers and cooperation offices (notice 二(一)–(三), 三(一)).
import type {
  IntegratedBase,
  IntegratedBaseInput,
  Recruit,
  RecruitInput,
  TeamFigure,
  CoopOffice,
  CoopOfficeInput,
  ExitDecisionInput,
  ExitDecisionRow,
  FlaggedSpecialty,
  LayoutQuery,
  LayoutView,
  OfficeCompleteness,
  Practice,
  PracticeInput,
  SchoolStandard,
  SpecialtyApplication,
  SpecialtyApplicationInput,
  StandardItem,
  StandardItemInput,
  Teacher,
  TeacherInput,
  TeacherUpdate,
  KeyTeacherFigure,
  TrainingBase,
  TrainingBaseInput,
} from '@cjrh/domain';
import { http, toQueryString } from './http';

export type {
  CoopOffice,
  ExitDecisionRow,
  FlaggedSpecialty,
  LayoutView,
  OfficeCompleteness,
  Practice,
  SchoolStandard,
  SpecialtyApplication,
  StandardItem,
  Teacher,
  TrainingBase,
};

export const layoutApi = {
  view: (q: LayoutQuery) => http.get<LayoutView>('/api/layout', q as Record<string, string>),
  exportUrl: (q: LayoutQuery) => `/api/layout/export.xlsx${toQueryString(q as Record<string, string>)}`,
  setCounty: (orgId: number, countyCode: string, version: number) =>
    http.put<{ ok: true }>(`/api/layout/schools/${orgId}/county`, { countyCode, version }),
  setFlagship: (orgId: number, flagship: boolean, reason: string, version: number) =>
    http.put<{ ok: true }>(`/api/layout/schools/${orgId}/flagship`, { flagship, reason, version }),
  standards: (orgId: number) => http.get<{ items: SchoolStandard[] }>(`/api/layout/schools/${orgId}/standards`),
  saveStandards: (orgId: number, items: { itemId: number; status: string; note: string }[]) =>
    http.put<{ items: SchoolStandard[] }>(`/api/layout/schools/${orgId}/standards`, { items }),
  items: () => http.get<{ items: StandardItem[] }>('/api/layout/standard-items'),
  saveItem: (id: number | null, body: StandardItemInput) =>
    id
      ? http.put<StandardItem>(`/api/layout/standard-items/${id}`, body)
      : http.post<StandardItem>('/api/layout/standard-items', body),
  createBase: (body: TrainingBaseInput) => http.post<TrainingBase>('/api/layout/bases', body),
  updateBase: (id: number, body: TrainingBaseInput & { version: number }) =>
    http.put<TrainingBase>(`/api/layout/bases/${id}`, body),
  removeBase: (id: number, version: number) => http.del<{ ok: true }>(`/api/layout/bases/${id}?version=${version}`),
};

export const specialtyChangesApi = {
  applications: () => http.get<{ items: SpecialtyApplication[] }>('/api/specialty-applications'),
  apply: (body: SpecialtyApplicationInput) => http.post<SpecialtyApplication>('/api/specialty-applications', body),
  partner: (id: number, confirm: boolean) =>
    http.post<SpecialtyApplication>(`/api/specialty-applications/${id}/partner`, { confirm }),
  submit: (id: number) => http.post<SpecialtyApplication>(`/api/specialty-applications/${id}/submit`),
  withdraw: (id: number) => http.post<SpecialtyApplication>(`/api/specialty-applications/${id}/withdraw`),
  decide: (id: number, approve: boolean, note: string) =>
    http.post<SpecialtyApplication>(`/api/specialty-applications/${id}/decide`, { approve, note }),
  flagged: () => http.get<{ year: number; items: FlaggedSpecialty[] }>('/api/specialty-decisions/flagged'),
  decisions: () => http.get<{ items: ExitDecisionRow[] }>('/api/specialty-decisions'),
  createDecision: (body: ExitDecisionInput) => http.post<ExitDecisionRow>('/api/specialty-decisions', body),
  done: (id: number, followUp: string) =>
    http.post<ExitDecisionRow>(`/api/specialty-decisions/${id}/done`, { followUp }),
};

export const teachersApi = {
  list: (q: { page: number; pageSize: number; year?: number }) =>
    http.get<{ items: Teacher[]; total: number; figure: KeyTeacherFigure }>('/api/teachers', q),
  create: (body: TeacherInput) => http.post<Teacher>('/api/teachers', body),
  update: (id: number, body: TeacherUpdate) => http.put<Teacher>(`/api/teachers/${id}`, body),
  remove: (id: number, version: number) => http.del<{ ok: true }>(`/api/teachers/${id}?version=${version}`),
  practices: (id: number) => http.get<{ items: Practice[] }>(`/api/teachers/${id}/practices`),
  addPractice: (id: number, body: PracticeInput) => http.post<Practice>(`/api/teachers/${id}/practices`, body),
  removePractice: (id: number, practiceId: number) =>
    http.del<{ ok: true }>(`/api/teachers/${id}/practices/${practiceId}`),
  recordUrl: (id: number) => `/api/teachers/${id}/record.docx`,
};

export const officesApi = {
  completeness: () => http.get<OfficeCompleteness>('/api/coop-offices'),
  get: (orgId: number) => http.get<{ office: CoopOffice | null }>(`/api/coop-offices/${orgId}`),
  save: (orgId: number, body: CoopOfficeInput) =>
    http.put<{ office: CoopOffice | null }>(`/api/coop-offices/${orgId}`, body),
};

/** Notice 二(三): recruited enterprise talent and 工学一体化 teacher-training bases (school records, bureau reviews). */
export type TeamKind = 'teacher-recruits' | 'integrated-bases';
export type TeamReview = { decision: 'approve' | 'return'; reason: string; version: number };
export const teamApi = {
  figures: () => http.get<TeamFigure>('/api/teacher-team/figures'),
  recruits: () => http.get<{ items: Recruit[] }>('/api/teacher-recruits'),
  bases: () => http.get<{ items: IntegratedBase[] }>('/api/integrated-bases'),
  createRecruit: (body: RecruitInput) => http.post<Recruit>('/api/teacher-recruits', body),
  createBase: (body: IntegratedBaseInput) => http.post<IntegratedBase>('/api/integrated-bases', body),
  update: (kind: TeamKind, id: number, body: Record<string, unknown>) =>
    http.put<Recruit | IntegratedBase>(`/api/${kind}/${id}`, body),
  remove: (kind: TeamKind, id: number, version: number) =>
    http.del<{ ok: true }>(`/api/${kind}/${id}?version=${version}`),
  review: (kind: TeamKind, id: number, body: TeamReview) =>
    http.post<Recruit | IntegratedBase>(`/api/${kind}/${id}/review`, body),
};
export type { IntegratedBase, Recruit, TeamFigure };
