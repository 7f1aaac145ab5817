import { beforeAll, describe, expect, it } from 'vitest';
import { returnsStore } from '../../src/adapters/store/returns-store.ts';
import { actions } from '../support/card-client.ts';
import { useCycleWorld } from '../support/cycle-world.ts';
import { changedTables, databaseSnapshot } from '../support/database-snapshot.ts';
import { MAX_LOGGED_MEETINGS } from '../../src/core/domain/monthly-return.ts';

const w = useCycleWorld();
const { t, members } = w;

beforeAll(() => w.install('marco'));

describe('Logging a meeting Salesforce lacks (clock at 4 Nov 2026, 10:00 UTC)', () => {
  it("When Marco logs a meeting Salesforce lacks, then it is validated and lands in this month's draft for next month's form", async () => {
    const chat = t.bot.teams.state.personalConversation(members.marco!);
    await t.bot.teams.deliver(t.bot.teams.activity(chat, members.marco!.id, { type: 'message', text: 'log meeting' }));
    const card = (t.bot.teams.sentTo(chat.id).at(-1)!.activity.attachments as { content: unknown }[])[0]!.content;
    const logIt = actions(card).find((a) => a.verb === 'meeting.log')!;
    // The date box offers the month of the app's clock up to today (4 November 2026, on Marco's calendar in Rome),
    // whatever day the suite runs on.
    expect(JSON.stringify(card)).toContain('"min":"2026-11-01","max":"2026-11-04"');
    const accountId = (JSON.stringify(card).match(/"value":"(001[A-Za-z0-9]{15})"/) ?? [])[1]!;
    const today = t.bot.clock.now().toISOString().slice(0, 10);
    const bad = await w.click('marco', logIt, {
      accountId,
      date: '2020-01-01',
      minutes: '60',
      clients: '3',
      faceToFace: 'true',
    });
    expect(JSON.stringify(bad.value)).toContain('Not saved: Give a date inside the month.');
    // A client may send any date (the card's max is only a hint): one that has not come yet is refused.
    const future = await w.click('marco', logIt, { accountId, date: '2026-11-22', minutes: '60', clients: '3' });
    expect(JSON.stringify(future.value)).toContain('Not saved: 2026-11-22 has not happened yet.');
    const good = await w.click('marco', logIt, {
      accountId,
      date: today,
      minutes: '90',
      clients: '3',
      faceToFace: 'true',
    });
    expect(JSON.stringify(good.value)).toContain('Logged for');
    const draft = await returnsStore(t.tdb.db).getReturn(today.slice(0, 7) as never, accountId);
    expect(draft).toMatchObject({
      status: 'draft',
      meetings: [expect.objectContaining({ date: today, minutes: 90, clientAttendees: 3, sfEventId: null })],
    });
    const notMine = await w.northwindId();
    const refused = await w.click('marco', logIt, { accountId: notMine, date: today, minutes: '30', clients: '1' });
    expect(String(refused.value)).toContain('not one of your key accounts');
  });

  it(`When a month's draft holds ${MAX_LOGGED_MEETINGS} logged meetings, then one more is not saved, the card says why, and nothing changes`, async () => {
    const chat = t.bot.teams.state.personalConversation(members.marco!);
    await t.bot.teams.deliver(t.bot.teams.activity(chat, members.marco!.id, { type: 'message', text: 'log meeting' }));
    const card = w.cardOf('marco');
    const logIt = actions(card).find((a) => a.verb === 'meeting.log')!;
    const accountId = (JSON.stringify(card).match(/"value":"(001[A-Za-z0-9]{15})"/) ?? [])[1]!;
    const today = t.bot.clock.now().toISOString().slice(0, 10);
    const meeting = { accountId, date: today, minutes: '30', clients: '2', faceToFace: 'true' };
    const held = async () =>
      (await returnsStore(t.tdb.db).getReturn(today.slice(0, 7) as never, accountId))?.meetings.length ?? 0;
    for (let n = await held(); n < MAX_LOGGED_MEETINGS; n++)
      expect(JSON.stringify((await w.click('marco', logIt, meeting)).value)).toContain('Logged for');
    const before = await databaseSnapshot(t.tdb.db);
    const refused = await w.click('marco', logIt, meeting);
    expect(JSON.stringify(refused.value)).toMatch(
      new RegExp(`Not saved: ${MAX_LOGGED_MEETINGS} meetings are logged for [^"]+ in November 2026 already`),
    );
    expect(changedTables(before, await databaseSnapshot(t.tdb.db))).toEqual([]);
    expect(await held()).toBe(MAX_LOGGED_MEETINGS);
  });
});
