export * from './machine';
export * from './rubric';
export * from './scoring';
export * from './notice';
export * from './errors';
export * from './conflict';
export * from './contracts';
export * from './results';
