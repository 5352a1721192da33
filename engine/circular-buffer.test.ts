import { describe, expect, it } from 'vitest';
import { CircularBuffer } from './circular-buffer.ts';

describe('CircularBuffer', () => {
  it('refuses a capacity that is not a positive integer', () => {
    for (const c of [0, -1, 1.5, Number.NaN]) expect(() => new CircularBuffer(c), `capacity ${c}`).toThrow(/capacity/);
  });

  it('reads newest-first with get(ago) while filling', () => {
    const b = new CircularBuffer<number>(3);
    expect(b.length, 'empty at first').toBe(0);
    expect(b.get(0), 'nothing stored yet').toBeUndefined();
    expect(b.last()).toBeUndefined();
    b.push(1);
    b.push(2);
    expect(b.length).toBe(2);
    expect(b.get(0), 'ago 0 is the newest').toBe(2);
    expect(b.get(1), 'ago 1 is the one before').toBe(1);
    expect(b.get(2), 'past the stored history').toBeUndefined();
    expect(b.get(-1), 'negative ago is not a valid index').toBeUndefined();
    expect(b.toArray(), 'oldest to newest').toEqual([1, 2]);
  });

  it('evicts the oldest item once full and wraps around many times', () => {
    const b = new CircularBuffer<number>(3);
    for (let i = 1; i <= 10; i++) b.push(i);
    expect(b.length, 'never more than the capacity').toBe(3);
    expect(b.toArray(), '1..7 were evicted oldest first').toEqual([8, 9, 10]);
    expect([b.get(0), b.get(1), b.get(2), b.get(3)], 'newest first, nothing beyond the capacity').toEqual([10, 9, 8, undefined]);
    expect(b.last()).toBe(10);
  });

  it('replaceLast overwrites the newest item, also right after a wrap', () => {
    const b = new CircularBuffer<string>(2);
    b.replaceLast('a');
    expect(b.toArray(), 'on an empty buffer replaceLast pushes').toEqual(['a']);
    b.push('b');
    b.push('c'); // head wraps to index 1 -> the newest is at index 0
    b.replaceLast('C');
    expect(b.toArray(), 'only the newest changed').toEqual(['b', 'C']);
    expect(b.length, 'replacing does not grow the buffer').toBe(2);
    b.push('d');
    expect(b.toArray(), 'the replaced item ages like any other').toEqual(['C', 'd']);
  });

  it('clear empties it and it refills from scratch', () => {
    const b = new CircularBuffer<number>(2);
    b.push(1);
    b.push(2);
    b.push(3);
    b.clear();
    expect(b.length).toBe(0);
    expect(b.toArray(), 'nothing survives a clear').toEqual([]);
    expect(b.get(0)).toBeUndefined();
    b.push(7);
    expect(b.toArray(), 'refills as if new').toEqual([7]);
  });

  it('matches a plain array model for any push/replace sequence', () => {
    const b = new CircularBuffer<number>(4);
    const model: number[] = [];
    for (let i = 0; i < 50; i++) {
      if (i % 7 === 3 && model.length > 0) {
        b.replaceLast(-i);
        model[model.length - 1] = -i;
      } else {
        b.push(i);
        model.push(i);
        if (model.length > 4) model.shift();
      }
      expect(b.toArray(), `after step ${i}`).toEqual(model);
    }
  });
});
