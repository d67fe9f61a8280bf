import { describe, expect, it } from 'vitest';
import type { BodyRef } from '../../../src/content/body-ref.js';
import { problemFrame } from '../../../src/incremental/problem-frames.js';

describe('problemFrame', () => {
  const counted = () => {
    let calls = 0;
    return { make: () => `frame ${++calls}`, calls: () => calls };
  };

  it('makes a frame once per place in one read of a file', () => {
    const read: BodyRef = { hash: 'h', offset: 0 };
    const frames = counted();
    expect(problemFrame(read, 3, 5, frames.make)).toBe('frame 1');
    expect(problemFrame(read, 3, 5, frames.make)).toBe('frame 1');
    expect(problemFrame(read, 3, 6, frames.make)).toBe('frame 2');
    expect(problemFrame(read, 3, undefined, frames.make)).toBe('frame 3');
    expect(problemFrame(read, 3, undefined, frames.make)).toBe('frame 3');
    expect(frames.calls()).toBe(3);
  });

  it('remembers that a place has no frame', () => {
    const read: BodyRef = { hash: 'h', offset: 0 };
    let calls = 0;
    const none = () => {
      calls++;
      return undefined;
    };
    expect(problemFrame(read, 1, 1, none)).toBeUndefined();
    expect(problemFrame(read, 1, 1, none)).toBeUndefined();
    expect(calls).toBe(1);
  });

  it('makes it again when the file is read again (a new read, even of the same text)', () => {
    const frames = counted();
    expect(problemFrame({ hash: 'h', offset: 0 }, 2, 1, frames.make)).toBe('frame 1');
    expect(problemFrame({ hash: 'h', offset: 0 }, 2, 1, frames.make)).toBe('frame 2');
  });

  it('keeps nothing for a problem without a read', () => {
    const frames = counted();
    expect(problemFrame(undefined, 2, 1, frames.make)).toBe('frame 1');
    expect(problemFrame(undefined, 2, 1, frames.make)).toBe('frame 2');
  });
});
