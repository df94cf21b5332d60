// Inputs of the indicators that people keep: 工学一体化师资培训 (schools; bureaus import) and 各市州重点产业 (province).
import type { z } from 'zod';
import type {
  datedChangeQuery,
  KeyIndustryImportResult,
  MentorInput,
  MentorUpdate,
  RegionKeyIndustryRow,
  SchoolMentor,
  TeacherTraining,
  TeacherTrainingInput,
  TeacherTrainingList,
  TrainingImportResult,
} from '@cjrh/domain';
import { downloadFile, uploadWorkbook } from './imports';
import { http, toQueryString } from './http';

/** A dated change (key industries, 附件3 quotas) as the page edits it: the day it applies from and why. */
export type Dated = Required<z.input<typeof datedChangeQuery>>;
export const datedBody = (d: Dated) => ({
  effectiveFrom: d.effectiveFrom,
  changeReason: d.changeReason.trim() || undefined,
});

export type {
  KeyIndustryImportResult,
  MentorInput,
  MentorUpdate,
  RegionKeyIndustryRow,
  SchoolMentor,
  TeacherTraining,
  TeacherTrainingInput,
  TeacherTrainingList,
  TrainingImportResult,
};

export const trainingsApi = {
  list: (q: { year?: number; page: number; pageSize: number }) => http.get<TeacherTrainingList>('/api/trainings', q),
  create: (body: TeacherTrainingInput) => http.post<TeacherTraining>('/api/trainings', body),
  update: (id: number, body: TeacherTrainingInput & { version: number }) =>
    http.put<TeacherTraining>(`/api/trainings/${id}`, body),
  remove: (id: number, version: number) => http.del<{ ok: true }>(`/api/trainings/${id}?version=${version}`),
  downloadTemplate: () => downloadFile('/api/trainings/import/template.xlsx', '工学一体化师资培训导入模板.xlsx'),
  upload: (file: File, onProgress: (p: number) => void) =>
    uploadWorkbook<TrainingImportResult>('/api/trainings/import', file, onProgress),
};

export const keyIndustriesApi = {
  list: async () => (await http.get<{ items: RegionKeyIndustryRow[] }>('/api/key-industries')).items,
  save: (region: string, industryCodes: string[], dated: Dated) =>
    http.put<RegionKeyIndustryRow>(`/api/key-industries/${region}`, { industryCodes, ...datedBody(dated) }),
  downloadTemplate: () => downloadFile('/api/key-industries/import/template.xlsx', '各市州重点产业导入模板.xlsx'),
  upload: (file: File, onProgress: (p: number) => void, dated: Dated) =>
    uploadWorkbook<KeyIndustryImportResult>(
      `/api/key-industries/import${toQueryString(datedBody(dated))}`,
      file,
      onProgress,
    ),
};

export const mentorsApi = {
  list: (q: { page: number; pageSize: number }) =>
    http.get<{ items: SchoolMentor[]; total: number }>('/api/mentors', q),
  create: (body: MentorInput) => http.post<SchoolMentor>('/api/mentors', body),
  update: (id: number, body: MentorUpdate) => http.put<SchoolMentor>(`/api/mentors/${id}`, body),
  remove: (id: number, version: number) => http.del<{ ok: true }>(`/api/mentors/${id}?version=${version}`),
};
