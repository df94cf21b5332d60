// Agreements and cooperation projects (合作共建项目): types, per-type data schemas and form descriptors, the agreement /
// project / progress-report machines, reporting periods and metrics, quota accounting, the agreement's Word content and
// internship cohorts. Explicit exports: the folder's zod/date helpers (common.ts) stay private.
export { PROJECT_TYPES, PROJECT_TYPE_LABELS, isProjectType, type ProjectType } from './types';
export type { ProjectIssue, ProjectValidation } from './common';
export {
  BASE_MODES,
  ORDER_CLASS_LEVELS,
  TRAINING_EVAL_MODES,
  COMPETITION_LEVELS,
  RND_KINDS,
  PROJECT_DATA_SCHEMAS,
  projectDataSchema,
  validateProjectData,
  projectTypeLabel,
  type ProjectData,
  type ProjectDataInput,
  type ProjectRefs,
} from './schemas';
export {
  PROJECT_FIELD_WIDGETS,
  projectFieldsFor,
  type ProjectFieldWidget,
  type ProjectFieldOption,
  type ProjectFieldDescriptor,
} from './fields';
export * from './machines';
export * from './reports';
export * from './quota';
export * from './agreementTemplate';
export * from './agreementDoc';
export * from './agreementParties';
export * from './internships';
