import { describe, expect, it } from 'vitest';
import { failuresToOpenFor, rumThresholdCrossed } from './threshold';

const threshold = { minUsers: 2, minFailures: 3, windowSeconds: 60 };

describe('RUM threshold', () => {
  it('needs both enough distinct users and enough failures; 0 users turns it off', () => {
    expect(rumThresholdCrossed({ users: 1, failures: 50 }, threshold)).toBe(false);
    expect(rumThresholdCrossed({ users: 2, failures: 2 }, threshold)).toBe(false);
    expect(rumThresholdCrossed({ users: 2, failures: 3 }, threshold)).toBe(true);
    expect(rumThresholdCrossed({ users: 9, failures: 9 }, { ...threshold, minUsers: 0 })).toBe(false);
  });

  it('real users stand for one failure of a corroborated component, never for all of them', () => {
    expect(failuresToOpenFor('chat_ui', 2, ['chat_ui'])).toBe(1);
    expect(failuresToOpenFor('chat_ui', 3, ['chat_ui'])).toBe(2);
    expect(failuresToOpenFor('chat_ui', 1, ['chat_ui'])).toBe(1);
    expect(failuresToOpenFor('webhooks', 2, ['chat_ui'])).toBe(2);
  });
});
