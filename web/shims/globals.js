// Globals Node code expects (memfs reads `process` and `Buffer` as globals in places).
import process from './process.js';
import { Buffer } from 'buffer/';
export { process, Buffer };
