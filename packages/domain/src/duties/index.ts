export * from './localGovernments';
export * from './skills';
export * from './schoolAssessment';
