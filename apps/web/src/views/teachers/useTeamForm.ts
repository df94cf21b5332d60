import { reactive, ref } from 'vue';
import { ApiError } from '@/api/http';
import { t } from '@/locales';
import { showError, showSuccess } from '@/utils/notify';

/** The add/edit dialog of a reviewed record (recruits, bases): field errors in place, a toast otherwise. */
export function useTeamForm<Row>(o: {
  fill: (row: Row | null) => void;
  submit: (row: Row | null) => Promise<unknown>;
  done: () => Promise<void>;
}) {
  const formOpen = ref(false);
  const editing = ref<Row | null>(null);
  const saving = ref(false);
  const errors = reactive<Record<string, string>>({});
  function openForm(row?: Row) {
    editing.value = (row ?? null) as never;
    o.fill(row ?? null);
    for (const k of Object.keys(errors)) delete errors[k];
    formOpen.value = true;
  }
  async function save() {
    for (const k of Object.keys(errors)) delete errors[k];
    saving.value = true;
    try {
      await o.submit(editing.value as Row | null);
      showSuccess(t.common.saved);
      formOpen.value = false;
      await o.done();
    } catch (e) {
      if (e instanceof ApiError && Object.keys(e.fieldErrors).length) Object.assign(errors, e.fieldErrors);
      else showError(e);
    } finally {
      saving.value = false;
    }
  }
  return { formOpen, editing, saving, errors, openForm, save };
}
