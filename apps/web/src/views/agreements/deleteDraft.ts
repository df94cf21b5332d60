// 删除草稿, shared by the list and the detail page: confirm, delete, and say why when the server refuses
// (a draft with projects, or one signed meanwhile); the server's message names the projects.
import { ElMessageBox } from 'element-plus';
import { fmt, t } from '@/locales';
import { agreementsApi, type Agreement } from '@/api/agreements';
import { ApiError } from '@/api/http';
import { showError, showSuccess } from '@/utils/notify';

const R = t.agreements.remove;

/** Whether to offer deletion: drafts the user may edit (the server decides again). */
export const mayDeleteDraft = (a: Agreement) => a.status === 'draft' && a.canEdit;

/** What happened: deleted, cancelled by the user, or refused by the server (the reason already shown). */
export async function deleteDraft(a: Agreement): Promise<'deleted' | 'cancelled' | 'refused'> {
  const sure = await ElMessageBox.confirm(fmt(R.confirm, { title: a.title, no: a.agreementNo }), R.title, {
    type: 'warning',
    confirmButtonText: R.ok,
    cancelButtonText: t.common.cancel,
    confirmButtonClass: 'el-button--danger',
  })
    .then(() => true)
    .catch(() => false);
  if (!sure) return 'cancelled';
  try {
    await agreementsApi.remove(a.id, a.version);
    showSuccess(R.done);
    return 'deleted';
  } catch (e) {
    if (e instanceof ApiError && e.status === 409) {
      await ElMessageBox.alert(e.message, R.title, { type: 'warning', confirmButtonText: t.common.confirm }).catch(
        () => undefined,
      );
    } else showError(e);
    return 'refused';
  }
}
