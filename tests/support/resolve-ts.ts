// Global setup runs under Node's own resolver, which lacks the test config's `.js` -> `.ts` mapping.
import './js-to-ts.cjs';
