export * from './errors';
export * from './layout';
export * from './specialtyChanges';
export * from './teachers';
export * from './office';
