// The members of a host adapter that both hosts take from the same Web platform APIs (performance,
// Date, Web Crypto, timers), which Node and browsers alike provide.
import type { HostAdapter } from './adapter.js';

export const web_platform: Pick<HostAdapter, 'now' | 'wallclock' | 'random' | 'setTimer' | 'clearTimer'> = {
  now: () => performance.now(),
  wallclock: () => Date.now(),
  // Web Crypto takes at most 65536 bytes a call.
  random: (into) => {
    for (let i = 0; i < into.length; i += 65536) globalThis.crypto.getRandomValues(into.subarray(i, i + 65536));
  },
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};
