export * from './formMachine';
export * from './reasons';
export * from './batchMachine';
export * from './quota';
