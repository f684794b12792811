// badioctl [FILTER]: feeds /dev/redirctl wild pointers, short and lying lengths, bad flags and unknown
// commands through the real ioctl system call, one "key=ERRNO" line each (see the emu-kernel test
// programs' report format). It snapshots the filter list and FILTER's paths before and after and ends
// with "unchanged=1" when nothing moved, then "survived=1".
import { HEAP, open, close, ioctl, malloc, free, memcpy_to, memcpy_from, errno } from '@urfs/emu-kernel/user/libc';
import { O_RDWR } from '@urfs/emu-kernel/uapi/fcntl';
import { errname } from '@urfs/emu-kernel/uapi/errno';
import { check, report } from '@urfs/emu-kernel/testbin/lib/report';
import {
  REDIRCTL_DEVICE, REDIRCTL_CMD_GET_FILTERS_INFO_PREPARE as LIST_PREPARE, REDIRCTL_CMD_GET_FILTERS_INFO_DATA as LIST_DATA,
  REDIRCTL_CMD_GET_FILTER_PATHS_INFO_PREPARE as PATHS_PREPARE, REDIRCTL_CMD_GET_FILTER_PATHS_INFO_DATA as PATHS_DATA,
  REDIRCTL_CMD_SET_FILTER_PATH as SET_PATH, REDIRCTL_CMD_ACTIVATE_FILTER as ACTIVATE,
  REDIRCTL_CMD_DEACTIVATE_FILTER as DEACTIVATE, redirctl_pack,
} from '@urfs/redirfs/redirctl_abi';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

export default function main(argv: string[]): number {
  const filter = argv[1] ?? 'dummyflt';
  const END = HEAP.length;
  const fd = open(REDIRCTL_DEVICE, O_RDWR);
  if (fd < 0) {
    report('open', errname(errno));
    return 1;
  }
  const scratch = malloc(65536);
  /** `bytes` in ordinary memory. */
  const at = (bytes: Uint8Array): number => {
    memcpy_to(scratch, bytes);
    return scratch;
  };
  /** `bytes` ending exactly at the top of the address space: reading one byte further faults. */
  const tail = (bytes: Uint8Array): number => {
    memcpy_to(END - bytes.length, bytes);
    return END - bytes.length;
  };
  /** PREPARE + DATA: the reply's bytes, for comparing before and after. */
  const fetch = (prepare: number, data: number, arg: Uint8Array | null): string => {
    const n = ioctl(fd, prepare, arg ? at(arg) : 0);
    if (n < 0) return errname(errno);
    const p = malloc(n);
    const r = ioctl(fd, data, p);
    const out = r < 0 ? errname(errno) : hex(memcpy_from(p, r));
    free(p);
    return out;
  };
  const snapshot = () => fetch(LIST_PREPARE, LIST_DATA, null) + '|' + fetch(PATHS_PREPARE, PATHS_DATA, redirctl_pack(filter));
  const before = snapshot();
  const name = new TextEncoder().encode(filter);
  const i32 = (...xs: number[]) => redirctl_pack(...xs);
  const cat = (...parts: Uint8Array[]) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  };

  // Unknown commands.
  check('unknown_7', ioctl(fd, 7, 0));
  check('unknown_tcgets', ioctl(fd, 0x5401, 0));
  check('unknown_high', ioctl(fd, 0x40000005, at(redirctl_pack(filter))));
  check('unknown_negative', ioctl(fd, -1, 0));

  // Wild pointers.
  check('activate_null', ioctl(fd, ACTIVATE, 0));
  check('activate_page0', ioctl(fd, ACTIVATE, 64));
  check('activate_huge', ioctl(fd, ACTIVATE, 2 ** 40));
  check('activate_negative', ioctl(fd, ACTIVATE, -4096));
  check('deactivate_past_end', ioctl(fd, DEACTIVATE, END - 2));
  check('setpath_null', ioctl(fd, SET_PATH, 0));
  check('paths_prepare_huge', ioctl(fd, PATHS_PREPARE, 2 ** 40));

  // Lengths: lying past the end of memory, too long, negative, shorter than the name.
  check('deactivate_lying_len', ioctl(fd, DEACTIVATE, tail(cat(i32(200), name))));
  check('deactivate_huge_len', ioctl(fd, DEACTIVATE, at(cat(i32(1 << 30), name))));
  check('deactivate_negative_len', ioctl(fd, DEACTIVATE, at(cat(i32(-1), name))));
  check('deactivate_short_len', ioctl(fd, DEACTIVATE, at(cat(i32(Math.max(0, name.length - 1)), name))));
  check('deactivate_unknown', ioctl(fd, DEACTIVATE, at(redirctl_pack('no-such-filter'))));
  check('setpath_lying_path_len', ioctl(fd, SET_PATH, tail(cat(redirctl_pack(filter), i32(4000), new TextEncoder().encode('/tmp')))));
  check('setpath_path_too_long', ioctl(fd, SET_PATH, at(cat(redirctl_pack(filter), i32(5000)))));
  check('setpath_no_flags', ioctl(fd, SET_PATH, tail(redirctl_pack(filter, '/tmp'))));
  check('setpath_flags_0', ioctl(fd, SET_PATH, at(redirctl_pack(filter, '/tmp', 0))));
  check('setpath_flags_both', ioctl(fd, SET_PATH, at(redirctl_pack(filter, '/tmp', 15))));
  check('setpath_flags_unknown', ioctl(fd, SET_PATH, at(redirctl_pack(filter, '/tmp', 0x106))));
  check('setpath_missing_path', ioctl(fd, SET_PATH, at(redirctl_pack(filter, '/no/such/path', 6))));

  // DATA without PREPARE, and into memory that is not there (the prepared reply survives a fault).
  check('list_data_unprepared', ioctl(fd, LIST_DATA, scratch));
  check('paths_data_unprepared', ioctl(fd, PATHS_DATA, scratch));
  const n = ioctl(fd, LIST_PREPARE, 0);
  check('list_data_past_end', ioctl(fd, LIST_DATA, END - 2));
  check('list_data_null', ioctl(fd, LIST_DATA, 0));
  report('list_data_after_fault', ioctl(fd, LIST_DATA, scratch) === n ? 'ok' : errname(errno));
  ioctl(fd, PATHS_PREPARE, at(redirctl_pack(filter)));
  check('paths_data_past_end', ioctl(fd, PATHS_DATA, END - 4));

  report('unchanged', snapshot() === before ? 1 : 0);
  free(scratch);
  close(fd);
  report('survived', 1);
  return 0;
}
