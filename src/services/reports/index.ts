/**
 * Reports over store trading: the report window (store-local days turned into half-open bounds in the
 * store's time zone, checked once), and later the reports themselves.
 */
export * from './window.js';
