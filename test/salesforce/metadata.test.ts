import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_TEAMS_FIELDS,
  customFieldsUsed,
  permissionableReadFields,
} from '../../src/adapters/salesforce/sf-schema.ts';
import { planKeyAccounts, planSync, planUsers } from '../../src/features/sync/plan-sync.ts';
import { generateMetadata } from '../../scripts/salesforce/generate-metadata.ts';

const root = join(import.meta.dirname, '..', '..', 'salesforce');
const objectsDir = join(root, 'force-app', 'main', 'default', 'objects');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
}

/** Custom fields the committed metadata declares, read from the files themselves. */
function declaredFields(): string[] {
  return walk(objectsDir)
    .filter((f) => f.endsWith('.field-meta.xml'))
    .map((f) => {
      const object = relative(objectsDir, f).split('/')[0]!;
      const fullName = /<fullName>([^<]+)<\/fullName>/.exec(readFileSync(f, 'utf8'))![1]!;
      return `${object}.${fullName}`;
    })
    .sort();
}

/** Custom fields named in the SOQL the sync sends (with the documented level field configured). */
function fieldsInQueries(): string[] {
  const steps = [
    planKeyAccounts('Key_Account__c = true'),
    ...planUsers(['005000000000001AAA']),
    ...planSync({
      keyAccountFilter: 'Key_Account__c = true',
      contactLevelField: 'Pulse_Level__c',
      syncMonths: 13,
      watermarks: {},
      full: true,
      now: new Date('2026-11-23T00:00:00Z'),
      newKeyAccountIds: [],
    }),
  ];
  const out = new Set<string>();
  for (const s of steps) {
    for (const m of s.soql.matchAll(/\b((?:[A-Za-z]+\.)*)([A-Za-z0-9_]+__c)\b/g)) {
      const path = m[1]!.split('.').filter(Boolean);
      // The object a field lives on: the last relationship in its path, else the query's FROM object.
      const object = path.length ? path[path.length - 1]! : s.object;
      out.add(`${object}.${m[2]}`);
    }
  }
  return [...out].sort();
}

describe('Salesforce metadata (salesforce/)', () => {
  it('When the code names custom fields, then the metadata declares exactly those', () => {
    expect(declaredFields()).toEqual(customFieldsUsed());
  });

  it('Every custom field in the SOQL the sync sends is declared', () => {
    const declared = new Set(declaredFields());
    expect(fieldsInQueries().filter((f) => !declared.has(f))).toEqual([]);
  });

  it('The committed files are what the schema generates (run npm run salesforce:metadata after changing sf-schema.ts)', () => {
    for (const [path, content] of generateMetadata())
      expect(readFileSync(join(root, path), 'utf8'), path).toBe(content);
  });

  it(
    'The integration permission set grants every custom field, writable except the ones it only reads, ' +
      'and read on every permissionable standard field the sync reads',
    () => {
      const ps = readFileSync(
        join(root, 'force-app/main/default/permissionsets/Pulse_Integration.permissionset-meta.xml'),
        'utf8',
      );
      const granted = [...ps.matchAll(/<field>([^<]+)<\/field>/g)].map((m) => m[1]).sort();
      const standard = permissionableReadFields.filter((f) => !ACCOUNT_TEAMS_FIELDS.includes(f));
      // The Event key field is granted only by the calendar write-back's own permission set (below).
      const custom = customFieldsUsed().filter((f) => !f.startsWith('Activity.'));
      expect(granted).toEqual([...custom, ...standard].sort());
      for (const f of standard)
        expect(ps).toMatch(new RegExp(`<editable>false</editable>\\s*<field>${f.replace('.', '\\.')}</field>`));
      // A permission set naming a field the org lacks fails to deploy: Account Teams' fields have a set of their own,
      // which an org without Account Teams leaves out (docs/SALESFORCE.md, "Org set-ups").
      const teams = readFileSync(
        join(root, 'force-app/main/default/permissionsets/Pulse_Integration_Account_Teams.permissionset-meta.xml'),
        'utf8',
      );
      expect([...teams.matchAll(/<field>([^<]+)<\/field>/g)].map((m) => m[1])).toEqual([...ACCOUNT_TEAMS_FIELDS]);
      expect(teams).not.toMatch(/objectPermissions|userPermissions/);
      expect(ps).toMatch(/<editable>false<\/editable>\s*<field>Account\.Key_Account__c<\/field>/);
      expect(ps).toMatch(/<editable>true<\/editable>\s*<field>Pulse_Scorecard__c\.Status__c<\/field>/);
    },
  );

  it(
    'Writing calendar meetings back as Events has a permission set of its own: Edit Events, and edit on the key ' +
      'field and the Event fields it sets; the main set grants no activity rights',
    () => {
      const read = (name: string) =>
        readFileSync(join(root, `force-app/main/default/permissionsets/${name}.permissionset-meta.xml`), 'utf8');
      const calendar = read('Pulse_Integration_Calendar_Events');
      // Activity custom fields are declared on Activity and granted as Event.<field> (Metadata API, CustomField).
      expect([...calendar.matchAll(/<field>([^<]+)<\/field>/g)].map((m) => m[1])).toEqual([
        'Event.Description',
        'Event.Pulse_Calendar_Key__c',
        'Event.WhoId',
      ]);
      expect(calendar).not.toMatch(/<editable>false/);
      expect(calendar).toMatch(/<enabled>true<\/enabled>\s*<name>EditEvent<\/name>/);
      expect(customFieldsUsed()).toContain('Activity.Pulse_Calendar_Key__c');
      expect(readFileSync(join(objectsDir, 'Activity/fields/Pulse_Calendar_Key__c.field-meta.xml'), 'utf8')).toMatch(
        /<externalId>true<\/externalId>/,
      );
      const main = read('Pulse_Integration');
      expect(main).not.toMatch(/EditEvent|Pulse_Calendar_Key__c/);
    },
  );
});
