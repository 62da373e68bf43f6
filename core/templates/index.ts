export * from './rawComponents';
export * from './templateComponents';
export * from './templateCreate';
export * from './templateDefinition';
export * from './templateFields';
export * from './templateLimits';
export * from './templateMessage';
export * from './templateReference';
