// A Node built-in with no browser counterpart (child_process, fs): only code paths a program inside the
// machine never takes use it, so any call is an error that names itself.
function unavailable(name) {
  return () => {
    throw new Error(`${name} is not available in the browser build`);
  };
}
export const spawn = unavailable('child_process.spawn');
export const existsSync = () => false;
export const realpathSync = (p) => p;
export const readFileSync = unavailable('fs.readFileSync');
export default { spawn, existsSync, realpathSync, readFileSync };
