export * from './types';
export * from './definitions';
export * from './parse';
export * from './validate';
export * from './quality';
export * from './prefill';
export * from './diff';
export * from './designer';
