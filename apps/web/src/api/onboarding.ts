import type { z } from 'zod';
import type { HandoutSummary, orgCellError, OrgImportResult } from '@cjrh/domain';
import { http } from './http';
import { downloadFile, saveBlob, uploadWorkbook } from './imports';

export type { HandoutSummary, OrgImportResult };

/** One refused cell of the 单位名单, as the server names it. */
export type OrgCellError = z.output<typeof orgCellError>;

export const onboardingApi = {
  downloadTemplate: () => downloadFile('/api/orgs/import/template.xlsx', '单位批量导入模板.xlsx'),
  /** All or nothing: a refusal (400 import_failed) carries details.errors and details.errorWorkbook (base64). */
  upload: (file: File, onProgress: (percent: number) => void) =>
    uploadWorkbook<OrgImportResult>('/api/orgs/import', file, onProgress),
  saveErrorWorkbook: (base64: string, fileName = '单位导入错误标注.xlsx') => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    saveBlob(
      new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
      fileName,
    );
  },
  handouts: () => http.get<{ items: HandoutSummary[] }>('/api/onboarding/handouts'),
  /** Served once: the server forgets the passwords with this download. */
  downloadHandout: (id: number) =>
    downloadFile(`/api/onboarding/handouts/${id}/download`, `账号开通单（第${id}批）.docx`, { method: 'POST' }),
};
