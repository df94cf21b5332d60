export * from './types';
export * from './regions';
export * from './industries';
export * from './specialties';
export * from './occupations';
export * from './skillLevels';
export * from './crosswalk';
export * from './counties';
