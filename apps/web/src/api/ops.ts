import type { OpsStatus } from '@cjrh/domain';
import { http } from './http';

export type { OpsStatus };

export const opsApi = {
  status: () => http.get<OpsStatus>('/api/ops/status'),
};
