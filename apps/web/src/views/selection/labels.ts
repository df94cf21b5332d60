// Labels of the selection screens, from the domain's machines.
import {
  DEMO_STATUS_LABELS,
  OBJECTION_STATUS_LABELS,
  PROJECT_TYPE_LABELS,
  ROUND_STATE_LABELS,
  type SelectionStatus,
  type ProjectType,
  type RoundState,
} from '@cjrh/domain';

export const typeLabel = (ty: string) => PROJECT_TYPE_LABELS[ty as ProjectType] ?? ty;
export const roundStateLabel = (s: string) => ROUND_STATE_LABELS[s as RoundState] ?? s;
export const nominationStateLabel = (s: string) => DEMO_STATUS_LABELS[s as SelectionStatus] ?? s;
export const objectionStatusLabel = (s: string) =>
  OBJECTION_STATUS_LABELS[s as keyof typeof OBJECTION_STATUS_LABELS] ?? s;

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info';
const ROUND_TAG: Record<string, TagType> = {
  nomination: 'primary',
  review: 'warning',
  shortlisted: 'warning',
  public_notice: 'danger',
  published: 'success',
};
const NOMINATION_TAG: Record<string, TagType> = {
  nominated: 'primary',
  under_review: 'warning',
  shortlisted: 'warning',
  public_notice: 'danger',
  selected: 'success',
  not_selected: 'info',
};
export const roundTag = (s: string): TagType => ROUND_TAG[s] ?? 'info';
export const nominationTag = (s: string): TagType => NOMINATION_TAG[s] ?? 'info';
