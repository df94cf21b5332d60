export * from './orgs';
export * from './accounts';
export * from './audit';
export * from './reference';
export * from './campaigns';
export * from './forms';
export * from './catalogue';
export * from './matchmaking';
