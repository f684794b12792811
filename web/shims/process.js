// `process` for libraries running in a browser worker or the page: no host environment is exposed.
const process = {
  argv: [],
  execArgv: [],
  env: {},
  platform: 'linux',
  versions: {},
  exitCode: undefined,
  cwd: () => '/',
  getuid: () => 0,
  getgid: () => 0,
  on() {
    return process;
  },
  exit(code) {
    throw new Error(`process.exit(${code}) is not available in the browser build`);
  },
  stdout: { write: () => true, isTTY: false, columns: 80 },
  stderr: { write: () => true, isTTY: false, columns: 80 },
  nextTick: (fn, ...args) => queueMicrotask(() => fn(...args)),
};
export default process;
export const { argv, execArgv, env, platform, versions, cwd, on, exit, stdout, stderr, nextTick, getuid, getgid } = process;
