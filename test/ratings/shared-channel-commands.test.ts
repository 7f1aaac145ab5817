/**
 * Commands typed in the channel shared with the client, against the Bot Connector stand-in (see ratings-world): the
 * shared channel is linked (purpose "shared"), so `scorecard` there must neither show the internal scorecard nor tell
 * anyone to link a channel that is linked already; it says where the joint scorecard is.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useRatingsWorld } from '../support/ratings-world.ts';

const w = useRatingsWorld();
const { say, linkBoth } = w;

beforeAll(async () => {
  await linkBoth();
});

describe('scorecard in the shared channel', () => {
  it('When a client member or the account team types scorecard in the shared channel, then the bot says where the joint scorecard is, shows no internal figure and asks nobody to link', async () => {
    for (const who of ['c1', 'dana']) {
      const reply = await say(who, w.shared, 'scorecard');
      expect(reply).toContain('This channel is shared with the client: the joint scorecard is posted here');
      expect(reply).not.toMatch(/Type \*\*link\*\*|not linked|Client man-hours|revenue|risk/i);
    }
  });
});
