// [ EXPRESSION ]: test(1) under the name that requires the closing bracket.
export { default } from './test.js';
