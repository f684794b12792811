import { describe, it, expect } from 'vitest';
import {
  URFS_CMD_FILTER_REGISTER, URFS_CMD_FILTER_SET_PATH, URFS_CMD_OP_CALLBACK, URFS_CMD_OP_CALLBACK_GET_ARGS,
  URFS_CMD_CONN_SWITCH_CALLBACKS, URFS_IMSG_SIZES, URFS_OMSG_SIZE, URFS_ARGS_SIZE, urfs_imsg_encode, urfs_imsg_decode,
  urfs_reply_encode, urfs_event_encode, urfs_omsg_decode, urfs_args_encode, urfs_args_decode, urfs_msg_describe,
  urfs_interrupt_encode, urfs_policy_word, URFS_CMD_OP_INTERRUPT, URFS_POLICY_PASS, URFS_POLICY_ERROR, type urfs_imsg,
} from './uapi.js';

describe('urfs uapi layouts', () => {
  const msgs: urfs_imsg[] = [
    { cmd: URFS_CMD_FILTER_REGISTER, name_ptr: 0x1234, name_len: 11, priority: -5, active: 1, policy: 2 },
    { cmd: URFS_CMD_FILTER_SET_PATH, ufilter_id: 3, path_ptr: 0x8000, path_len: 4, flags: 6 },
    { cmd: URFS_CMD_CONN_SWITCH_CALLBACKS, enable: 1 },
    { cmd: URFS_CMD_OP_CALLBACK_GET_ARGS, ufilter_id: 15, request_id: 0xfffffffffffffff0n },
    { cmd: URFS_CMD_OP_CALLBACK, ufilter_id: 1, request_id: 7n, retv: -5_000_000_000, rv: 0, flags: 1 },
  ];
  it('every input message round-trips at its fixed size', () => {
    for (const m of msgs) {
      const b = urfs_imsg_encode(m);
      expect(b.length).toBe(URFS_IMSG_SIZES[m.cmd]);
      expect(urfs_imsg_decode(b)).toEqual(m);
    }
  });
  it('rejects short, long and unknown messages', () => {
    const b = urfs_imsg_encode(msgs[0]);
    expect(urfs_imsg_decode(b.subarray(0, 31))).toBeNull();
    expect(urfs_imsg_decode(new Uint8Array([...b, 0]))).toBeNull();
    expect(urfs_imsg_decode(new Uint8Array(3))).toBeNull();
    const u = new Uint8Array(8);
    u[0] = 99;
    expect(urfs_imsg_decode(u)).toBeNull();
  });
  it('little-endian at the documented offsets', () => {
    const b = urfs_imsg_encode(msgs[0]);
    const v = new DataView(b.buffer);
    expect(v.getUint32(0, true)).toBe(1);
    expect(Number(v.getBigUint64(8, true))).toBe(0x1234);
    expect(v.getInt32(20, true)).toBe(-5);
  });
  it('replies and events decode, and the debug line names them', () => {
    const r = urfs_reply_encode(URFS_CMD_FILTER_REGISTER, -17, 2, 0x5000, 99);
    expect(r.length).toBe(URFS_OMSG_SIZE);
    expect(urfs_omsg_decode(r)).toEqual({ cmd: 1, kind: 'reply', err: -17, ufilter_id: 2, data_ptr: 0x5000, data_len: 99 });
    const e = urfs_event_encode(4, 9n, 74, 1, 6, 42, 1000);
    expect(urfs_omsg_decode(e)).toEqual({ cmd: URFS_CMD_OP_CALLBACK, kind: 'event', ufilter_id: 4, request_id: 9n,
      op_id: 74, call: 1, retv: 6, pid: 42, uid: 1000 });
    expect(urfs_msg_describe('recv', e)).toBe('recv OP_CALLBACK ufilter_id=4 request_id=9 op_id=74 call=1 retv=6 pid=42 uid=1000');
    expect(urfs_msg_describe('recv', r)).toMatch(/^recv reply FILTER_REGISTER err=-17 ufilter_id=2 data_ptr=0x5000/);
    expect(urfs_msg_describe('send', new Uint8Array(2))).toBe('send <malformed 2 bytes>');
  });
  it('urfs_args round-trips', () => {
    const a = { op_id: 74, call: 1, retv: 6, pid: 3, uid: 0, path_ptr: 0x9000, path_len: 12, mask: 4, buf_ptr: 0x9100,
      buf_len: 6, pos: 0, count: 4096, f_flags: 0o100000, i_mode: 0o100644, mod_type: 0, mod_arg: 0 };
    const b = urfs_args_encode(a);
    expect(b.length).toBe(URFS_ARGS_SIZE);
    expect(urfs_args_decode(b)).toEqual(a);
  });
  it('an interrupt names its request, decodes, and is described', () => {
    const b = urfs_interrupt_encode(3, 0x1234567890n);
    expect(b.length).toBe(URFS_OMSG_SIZE);
    expect(urfs_omsg_decode(b)).toEqual({ cmd: URFS_CMD_OP_INTERRUPT, kind: 'interrupt', ufilter_id: 3,
      request_id: 0x1234567890n });
    expect(urfs_msg_describe('recv', b)).toBe('recv OP_INTERRUPT ufilter_id=3 request_id=78187493520');
  });
  it('the policy word keeps the data callbacks\' policy in bits 8-15', () => {
    expect(urfs_policy_word(URFS_POLICY_ERROR, URFS_POLICY_PASS)).toBe(0x102);
  });
});
