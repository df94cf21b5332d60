export * from './definitions';
export * from './pace';
