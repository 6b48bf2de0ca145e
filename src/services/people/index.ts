/**
 * Users and roles (with their grants), customers, sales reps, and the first administrator.
 */
export * from './bootstrap.service.js';
export * from './customer.service.js';
export * from './role.service.js';
export * from './sales-rep.service.js';
export * from './user.service.js';
