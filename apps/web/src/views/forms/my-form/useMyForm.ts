// State of the 我的填报 page: the form as loaded, the edits in progress, what the shared validators say about them,
// and the save / submit round trips (409 → offer to reload).
import { computed, ref, shallowRef } from 'vue';
import { ElMessageBox } from 'element-plus';
import {
  isEditableBy,
  mergeIssues,
  qualityWarnings,
  unlockedByReasons,
  validateForm,
  type FieldDef,
  type FieldIssue,
  type FieldValue,
  type FormDefinition,
  type QualityContext,
} from '@cjrh/domain';
import { fmt, t } from '@/locales';
import { ApiError } from '@/api/http';
import { campaignsApi, type Campaign } from '@/api/campaigns';
import { formsApi, type FormDetail, type FormTransition } from '@/api/forms';
import { orgsApi } from '@/api/orgs';
import { useSessionStore } from '@/stores/session';
import { useCodeLists } from '@/components/forms/codeLists';
import {
  copyRow,
  emptyRow,
  indexIssues,
  indexReasons,
  isPinnedField,
  keyAliasesFromDiff,
  toData,
  toEditorRows,
  type EditorRow,
} from '@/components/forms/formModel';
import type { FormView } from '@/components/forms/formView';
import { showError, showSuccess } from '@/utils/notify';

const M = t.forms.my;

export function useMyForm(year: number) {
  const session = useSessionStore();
  const { lists, options, ready } = useCodeLists();
  const detail = shallowRef<FormDetail | null>(null);
  const def = shallowRef<FormDefinition | null>(null);
  const campaign = shallowRef<Campaign | null>(null);
  const history = ref<FormTransition[]>([]);
  const org = ref<Record<string, FieldValue>>({});
  const rows = ref<EditorRow[]>([]);
  const saved = ref('');
  const loading = ref(false);
  const busy = ref(false);
  const loadError = ref('');
  const quality = shallowRef<QualityContext>({});

  const data = computed(() => (def.value ? toData(def.value, org.value, rows.value) : { org: {}, rows: [] }));
  const dirty = computed(() => !!def.value && JSON.stringify(data.value) !== saved.value);
  const state = computed(() => detail.value?.state ?? 'draft');
  const editable = computed(
    () => !!detail.value?.editable && !!session.role && isEditableBy(state.value, session.role),
  );
  const unlocked = computed(() =>
    unlockedByReasons(state.value === 'returned' ? (detail.value?.returnReasons ?? []) : []),
  );
  const isReturned = computed(() => state.value === 'returned');

  const errors = computed<FieldIssue[]>(() => (def.value ? validateForm(def.value, data.value, lists.value) : []));
  // The server also compares with last year's form, which the browser does not have: its warnings hold for the saved
  // version, so they are shown until the first edit, and the shared rules run live on top.
  const issues = computed<FieldIssue[]>(() => {
    if (!def.value) return [];
    const local = qualityWarnings(def.value, data.value, quality.value);
    const server = dirty.value ? [] : (detail.value?.issues ?? []).filter((i) => i.severity === 'warning');
    const seen = new Set(local.map((i) => `${i.scope}|${i.rowIndex ?? ''}|${i.fieldKey}|${i.message}`));
    const warnings = [
      ...local,
      ...server.filter((i) => !seen.has(`${i.scope}|${i.rowIndex ?? ''}|${i.fieldKey}|${i.message}`)),
    ];
    return mergeIssues(errors.value, warnings);
  });

  const view = computed<FormView | null>(() => {
    if (!def.value || !detail.value) return null;
    const u = unlocked.value;
    const open = editable.value;
    return {
      def: def.value,
      lists: lists.value,
      options: options.value,
      mode: open ? 'edit' : 'view',
      org: org.value,
      rows: rows.value,
      orgEditable: (f: FieldDef) => open && !isPinnedField(f) && (!isReturned.value || u.wholeForm || u.org.has(f.key)),
      cellEditable: (row: EditorRow, f: FieldDef) =>
        open &&
        (!isReturned.value || u.wholeForm || u.rows.has(row.origKey) || !!u.rowFields.get(row.origKey)?.has(f.key)),
      rowsEditable: open && (!isReturned.value || u.wholeForm),
      issues: indexIssues(def.value, open ? issues.value : []),
      reasons: indexReasons(detail.value.returnReasons),
      reasonsResolved: !isReturned.value,
      changes: null,
    };
  });

  async function apply(d: FormDetail) {
    detail.value = d;
    if (!def.value || def.value.kind !== d.kind) def.value = await formsApi.definition(year, d.kind);
    // After a return the reasons name the rows as they were; rows re-keyed since then are paired back (see formModel).
    const aliases =
      d.hasDiff && d.returnReasons.length ? keyAliasesFromDiff((await formsApi.diff(d.id)).changes) : undefined;
    org.value = { ...d.data.org };
    rows.value = toEditorRows(def.value, d.data.rows, aliases);
    saved.value = JSON.stringify(toData(def.value, org.value, rows.value));
  }

  async function loadHistory() {
    if (detail.value) history.value = await formsApi.history(detail.value.id).catch(() => []);
  }

  async function load() {
    loading.value = true;
    try {
      const [d, c] = await Promise.all([formsApi.myForm(year), campaignsApi.get(year), ready]);
      campaign.value = c;
      await apply(d);
      loadError.value = '';
      void loadHistory();
      if (d.kind === 'school' && session.user?.orgId) {
        orgsApi.get(session.user.orgId).then(
          (o) => (quality.value = { org: { enrolment: o.enrolment, specialties: o.specialties } }),
          () => undefined,
        );
      }
    } catch (e) {
      loadError.value = e instanceof ApiError ? e.message : String(e);
    } finally {
      loading.value = false;
    }
  }

  async function onConflict(message: string) {
    try {
      await ElMessageBox.confirm(message, M.reloadTitle, {
        type: 'warning',
        confirmButtonText: M.reloadConfirm,
        cancelButtonText: M.keepEditing,
      });
    } catch {
      return;
    }
    await load();
  }

  /** Saves when something changed; false when the save failed (the reason has been shown). */
  async function persist(): Promise<boolean> {
    if (!detail.value || !dirty.value) return true;
    try {
      await apply(await formsApi.save(detail.value.id, detail.value.version, data.value));
      return true;
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'version_conflict' || e.code === 'conflict')) void onConflict(e.message);
      else showError(e);
      return false;
    }
  }

  async function save() {
    if (!dirty.value) return showSuccess(M.noChange);
    busy.value = true;
    try {
      if (await persist()) showSuccess(M.saved);
    } finally {
      busy.value = false;
    }
  }

  async function submit(): Promise<boolean> {
    const d = detail.value;
    if (!d) return false;
    const action = d.allowedActions.includes('resubmit') ? 'resubmit' : 'submit';
    try {
      await ElMessageBox.confirm(fmt(M.submitConfirm, { n: rows.value.length }), M.submitTitle, {
        type: 'info',
        confirmButtonText: action === 'resubmit' ? M.resubmit : M.submit,
        cancelButtonText: t.common.cancel,
      });
    } catch {
      return false;
    }
    busy.value = true;
    try {
      if (!(await persist())) return false;
      await apply(await formsApi.act(detail.value!.id, { action, version: detail.value!.version }));
      showSuccess(M.submitted);
      void loadHistory();
      return true;
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'version_conflict' || e.code === 'conflict')) void onConflict(e.message);
      else showError(e);
      return false;
    } finally {
      busy.value = false;
    }
  }

  const setOrg = (key: string, v: FieldValue) => (org.value[key] = v);
  const setCell = (i: number, key: string, v: FieldValue) => (rows.value[i].values[key] = v);
  const addRow = () => def.value && rows.value.push(emptyRow(def.value));
  const copyRowAt = (i: number) => rows.value.splice(i + 1, 0, copyRow(rows.value[i]));
  const removeRow = (i: number) => rows.value.splice(i, 1);

  return {
    detail,
    def,
    campaign,
    history,
    org,
    rows,
    lists,
    view,
    issues,
    errors,
    dirty,
    state,
    editable,
    loading,
    busy,
    loadError,
    load,
    save,
    submit,
    setOrg,
    setCell,
    addRow,
    copyRowAt,
    removeRow,
  };
}
