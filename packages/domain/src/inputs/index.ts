export * from './trainings';
export * from './keyIndustries';
export * from './mentors';
