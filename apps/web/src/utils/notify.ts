import { ElMessage } from 'element-plus';
import { errorMessage } from '@cjrh/domain';
import { ApiError } from '@/api/http';

/** Shows an API failure as a toast. 401s are already handled (redirect to login), so they stay quiet. */
export function showError(e: unknown) {
  if (e instanceof ApiError) {
    if (e.status === 401 && e.code !== 'invalid_credentials') return;
    ElMessage.error({ message: e.message, grouping: true });
    return;
  }
  console.error(e);
  ElMessage.error({ message: errorMessage('internal_error'), grouping: true });
}

export function showSuccess(message: string) {
  ElMessage.success({ message, grouping: true });
}
