// What signal_ex sends and signal_user expects: shared so the demo pair cannot drift apart.
import { SIGUSR1, SIGRTMIN } from '@urfs/emu-kernel/uapi/signal';

export const SIGNAL_EX_PID_FILE = '/sys/kernel/debug/signal_ex/pid';
/** A standard signal: sent three times, the copies coalesce. */
export const SIGNAL_EX_STD = SIGUSR1;
export const SIGNAL_EX_STD_VALUES = [1, 2, 3];
/** A real-time signal: sent three times, every copy is queued with its value. */
export const SIGNAL_EX_RT = SIGRTMIN + 1;
export const SIGNAL_EX_RT_VALUES = [100, 200, 300];
