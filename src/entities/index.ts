import * as entityClasses from './entity-classes.js';

export * from './entity-classes.js';

/** Every entity for the ORM: the classes of `entity-classes.ts`. */
export const entities = Object.values(entityClasses);
