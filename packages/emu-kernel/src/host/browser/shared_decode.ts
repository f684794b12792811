// Browsers refuse TextDecoder.decode on a view of a SharedArrayBuffer (Node accepts it), and every address
// space here is one. Decoding a copy of such a view keeps the kernel and the programs unchanged. Loaded
// first by the page (adapter.ts) and by each worker (worker.ts).
const proto = TextDecoder.prototype;
const decode = proto.decode;

function shared(v: ArrayBufferView | ArrayBuffer): boolean {
  const b = ArrayBuffer.isView(v) ? v.buffer : v;
  return typeof SharedArrayBuffer !== 'undefined' && b instanceof SharedArrayBuffer;
}

type Input = ArrayBufferView | ArrayBuffer | undefined;
proto.decode = function (this: InstanceType<typeof TextDecoder>, input?: Input, options?: { stream?: boolean }): string {
  if (input && shared(input)) {
    input = ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength).slice() : new Uint8Array(input).slice();
  }
  return decode.call(this, input as Parameters<typeof decode>[0], options);
} as typeof decode;
