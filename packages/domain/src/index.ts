export * from './errors';
export * from './roles';
export * from './password';
export * from './orgs';
export * from './uscc';
export * from './reference/index';
export * from './contracts/index';
