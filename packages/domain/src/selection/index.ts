export * from './machine';
export * from './rubric';
export * from './scoring';
export * from './notice';
export * from './conflict';
export * from './results';
