import { describe, expect, test } from 'vitest';
import { encodeFrame, FrameDecoder } from './deno-frames';

describe('deno frames', () => {
  test('round trip, bytes outside the JSON, split at every byte boundary', () => {
    const msg = { t: 'msg', m: { type: 'snapshot', data: new Uint8Array([1, 2, 3, 250]), nested: [{ b: new Uint8Array(0) }], s: 'é' } };
    const frame = encodeFrame(msg);
    expect(new TextDecoder().decode(frame)).not.toContain('"0":1'); // not a JSON object of numbers
    for (let cut = 0; cut <= frame.length; cut++) {
      const d = new FrameDecoder();
      const got = [...d.push(frame.slice(0, cut)), ...d.push(frame.slice(cut))];
      expect(got).toEqual([msg]);
      expect((got[0] as typeof msg).m.data).toBeInstanceOf(Uint8Array);
    }
  });

  test('several frames in one chunk', () => {
    const both = new Uint8Array([...encodeFrame({ a: 1 }), ...encodeFrame({ b: 2 })]);
    expect(new FrameDecoder().push(both)).toEqual([{ a: 1 }, { b: 2 }]);
  });

  test('untrusted input: oversized, empty and malformed frames throw instead of buffering or guessing', () => {
    const big = new Uint8Array(8);
    new DataView(big.buffer).setUint32(4, 2 ** 31);
    new DataView(big.buffer).setUint32(0, 2);
    expect(() => new FrameDecoder().push(big)).toThrow(/too big/);
    expect(() => new FrameDecoder().push(new Uint8Array(8))).toThrow(/malformed/);
    const json = new TextEncoder().encode('{"x":{"$bin":[0,99]}}');
    const bad = new Uint8Array(8 + json.length);
    new DataView(bad.buffer).setUint32(0, json.length);
    bad.set(json, 8);
    expect(() => new FrameDecoder().push(bad)).toThrow(/does not carry/);
    const notJson = encodeFrame({ a: 1 });
    notJson[8] = 0x7b + 1;
    expect(() => new FrameDecoder().push(notJson)).toThrow();
  });
});
