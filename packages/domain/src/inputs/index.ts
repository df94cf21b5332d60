export * from './trainings';
export * from './keyIndustries';
