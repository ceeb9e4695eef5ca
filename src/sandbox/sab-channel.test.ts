/**
 * The SAB bridge's channel on its own (one thread stands in for both sides: the receiver's `taken` callback is
 * the worker's `sab-read`, on which the page writes the next chunk).
 */
import { describe, expect, test } from 'vitest';
import { SabReceiver, SabSender } from './sab-channel';
import { parseWorkerMessage, type PageMessage } from './protocol';

function pair(dataBytes: number) {
  const tx = new SabSender(dataBytes);
  let reads = 0;
  const rx = new SabReceiver(tx.buffer, () => (reads++, tx.pump()));
  return { tx, rx, reads: () => reads };
}

describe('SAB channel', () => {
  test('a message larger than the data area arrives whole, in order, multi-byte characters split across chunks', () => {
    const { tx, rx, reads } = pair(7);
    const text = 'héllo wörld 😀 '.repeat(50);
    tx.send({ type: 'llm-reply', id: 3, results: [{ ok: true, text }] });
    tx.send({ type: 'cancel', id: 4 });
    expect(rx.next(100)).toEqual({ type: 'llm-reply', id: 3, results: [{ ok: true, text }] });
    expect(rx.next(100)).toEqual({ type: 'cancel', id: 4 });
    expect(reads()).toBeGreaterThan(100); // one sab-read per chunk
    expect(rx.next(10)).toBeNull(); // nothing more: the wait times out
  });

  test('a wait that times out mid-message keeps what it has read', () => {
    const tx = new SabSender(4);
    const rx = new SabReceiver(tx.buffer, () => undefined); // the page does not answer sab-read yet
    const msg: PageMessage = { type: 'cancel', id: 12345 };
    tx.send(msg);
    expect(rx.next(5)).toBeNull();
    for (let i = 0; i < 10; i++) {
      tx.pump();
      const got = rx.next(5);
      if (got) return expect(got).toEqual(msg);
    }
    throw new Error('the message never completed');
  });

  test("the worker's channel messages pass validation; the ready status names a known bridge only", () => {
    expect(parseWorkerMessage({ type: 'sab-read' })).not.toBeNull();
    expect(parseWorkerMessage({ type: 'sab-leave' })).not.toBeNull();
    expect(parseWorkerMessage({ type: 'status', state: 'ready', bridge: 'sab' })).not.toBeNull();
    expect(parseWorkerMessage({ type: 'status', state: 'ready', bridge: 'wasm' })).toBeNull();
  });
});
