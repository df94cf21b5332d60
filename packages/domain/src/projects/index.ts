// Agreements and cooperation projects (合作共建项目): types, per-type data schemas and form descriptors, the agreement /
// project / progress-report machines, reporting periods and metrics, quota accounting, the agreement's Word content and
// internship cohorts. Explicit exports: the folder's zod/date helpers (common.ts) stay private.
export { PROJECT_TYPES, PROJECT_TYPE_LABELS, isProjectType, type ProjectType } from './types';
export type { ProjectIssue, ProjectValidation } from './common';
export {
  BASE_MODES,
  TRAINING_EVAL_MODES,
  COMPETITION_LEVELS,
  RND_KINDS,
  validateProjectData,
  projectTypeLabel,
  type ProjectRefs,
} from './schemas';
export { projectFieldsFor, type ProjectFieldDescriptor } from './fields';
export * from './machines';
export * from './reports';
export * from './quota';
export * from './agreementTemplate';
export * from './agreementDoc';
export * from './agreementParties';
export * from './internships';
