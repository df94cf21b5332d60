import type { z } from 'zod';
import type { auditEntry, auditList, auditQuery } from '@cjrh/domain';
import { http, toQueryString } from './http';

export type AuditEntry = z.infer<typeof auditEntry>;
export type AuditQuery = Partial<z.infer<typeof auditQuery>>;

export const auditApi = {
  list: (q: AuditQuery) => http.get<z.infer<typeof auditList>>('/api/audit', q),
  /** Every entry matching the filter as one workbook (the download is itself audited). */
  exportUrl: (q: AuditQuery) => `/api/audit.xlsx${toQueryString(q)}`,
};
