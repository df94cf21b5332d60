export * from './mask';
export * from './search';
