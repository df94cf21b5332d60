export * from './common';
export * from './auth';
export * from './orgs';
export * from './accounts';
export * from './reference';
export * from './audit';
export * from './campaigns';
export * from './forms';
