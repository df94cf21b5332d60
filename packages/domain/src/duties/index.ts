export * from './localGovernments';
export * from './skills';
export * from './schoolAssessment';
export * from './errors';
export * from './layout';
export * from './specialtyChanges';
export * from './teachers';
export * from './office';
