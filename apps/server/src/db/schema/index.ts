export * from './orgs';
export * from './accounts';
export * from './audit';
export * from './reference';
