export * from './orgs';
export * from './accounts';
export * from './audit';
export * from './reference';
export * from './campaigns';
export * from './forms';
