// `node:url` in the browser: the platform's URL, and the two file-URL helpers on plain paths.
export const URL = globalThis.URL;
export const URLSearchParams = globalThis.URLSearchParams;
export function fileURLToPath(u) {
  return decodeURIComponent(new URL(String(u)).pathname);
}
export function pathToFileURL(p) {
  return new URL(`file://${encodeURI(p)}`);
}
export default { URL, URLSearchParams, fileURLToPath, pathToFileURL };
