import {
  ACCOUNT_TEAMS_FIELDS,
  activityCustomFields,
  CALENDAR_EDIT_FIELDS,
  customFieldsOnStandardObjects,
  customObjects,
  permissionableReadFields,
  readFields,
  type FieldSpec,
} from '../../src/adapters/salesforce/sf-schema.ts';

const NS = 'http://soap.sforce.com/2006/04/metadata';
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const xml = (root: string, body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${NS}">\n${body}</${root}>\n`;
const tag = (name: string, value: string | number | boolean, indent = '    ') =>
  `${indent}<${name}>${typeof value === 'string' ? esc(value) : String(value)}</${name}>\n`;

function fieldXml(name: string, spec: FieldSpec): string {
  let body = tag('fullName', name);
  switch (spec.type) {
    case 'Checkbox':
      body +=
        tag('defaultValue', spec.default ?? false) +
        tag('externalId', false) +
        tag('label', spec.label) +
        tag('trackTrending', false) +
        tag('type', 'Checkbox');
      break;
    case 'Text':
      body +=
        tag('caseSensitive', false) +
        tag('externalId', spec.externalId ?? false) +
        tag('label', spec.label) +
        tag('length', spec.length) +
        tag('required', false) +
        tag('trackTrending', false) +
        tag('type', 'Text') +
        tag('unique', spec.unique ?? false);
      break;
    case 'LongTextArea':
      body +=
        tag('externalId', false) +
        tag('label', spec.label) +
        tag('length', spec.length) +
        tag('trackTrending', false) +
        tag('type', 'LongTextArea') +
        tag('visibleLines', 3);
      break;
    case 'Number':
      body +=
        tag('externalId', false) +
        tag('label', spec.label) +
        tag('precision', spec.precision) +
        tag('required', false) +
        tag('scale', spec.scale) +
        tag('trackTrending', false) +
        tag('type', 'Number') +
        tag('unique', false);
      break;
    case 'Date':
    case 'DateTime':
      body +=
        tag('externalId', false) +
        tag('label', spec.label) +
        tag('required', false) +
        tag('trackTrending', false) +
        tag('type', spec.type);
      break;
    case 'Picklist': {
      const values = spec.values
        .map(
          (v) =>
            `${' '.repeat(16)}<value>\n` +
            tag('fullName', v, ' '.repeat(20)) +
            tag('default', false, ' '.repeat(20)) +
            tag('label', v, ' '.repeat(20)) +
            `${' '.repeat(16)}</value>\n`,
        )
        .join('');
      body +=
        tag('externalId', false) +
        tag('label', spec.label) +
        tag('required', false) +
        tag('trackTrending', false) +
        tag('type', 'Picklist');
      body +=
        `    <valueSet>\n        <restricted>true</restricted>\n        <valueSetDefinition>\n            ` +
        `<sorted>false</sorted>\n${values.replace(/^ {16}/gm, '            ').replace(/^ {20}/gm, '                ')} ` +
        `       </valueSetDefinition>\n    </valueSet>\n`;
      break;
    }
    case 'Lookup':
      body +=
        tag('deleteConstraint', 'SetNull') +
        tag('externalId', false) +
        tag('label', spec.label) +
        tag('referenceTo', spec.referenceTo) +
        tag('relationshipLabel', spec.relationshipName.replace(/_/g, ' ')) +
        tag('relationshipName', spec.relationshipName) +
        tag('required', false) +
        tag('trackTrending', false) +
        tag('type', 'Lookup');
      break;
  }
  return xml('CustomField', body);
}

function objectXml(label: string): string {
  return xml(
    'CustomObject',
    tag('deploymentStatus', 'Deployed') +
      tag('enableActivities', false) +
      tag('enableReports', true) +
      tag('enableSearch', false) +
      tag('label', label) +
      `    <nameField>\n        <displayFormat>{0000000}</displayFormat>\n        <label>${esc(label)} ` +
      `Number</label>\n        <type>AutoNumber</type>\n    </nameField>\n` +
      tag('pluralLabel', `${label}s`) +
      tag('sharingModel', 'ReadWrite') +
      tag('visibility', 'Public'),
  );
}

/** One field's permission in a permission set: always readable, editable or not. */
const fieldPermissionXml = (field: string, editable: boolean) =>
  '    <fieldPermissions>\n' +
  tag('editable', editable, '        ') +
  tag('field', field, '        ') +
  tag('readable', true, '        ') +
  '    </fieldPermissions>\n';

/** Fields the integration only reads; every other custom field it writes. */
const READ_ONLY = new Set(['Account.Key_Account__c', 'Contact.Pulse_Level__c', 'Contact.Pulse_Left_Company__c']);

const READ_ONLY_STANDARD = new Set<string>();
const NO_OBJECT_PERMISSIONS = new Set(['User', 'Event', 'EventRelation', 'AccountTeamMember']);

/**
 * Read access to Account Teams' fields, for orgs where Account Teams is enabled (assigned beside Pulse_Integration).
 * Kept apart because deploying a permission set that names AccountTeamMember fails in an org without Account Teams.
 */
function accountTeamsPermissionSetXml(): string {
  let body = tag(
    'description',
    'Partnership Pulse integration user, orgs with Account Teams only: reads account team roles (who besides the owner may link an account channel).',
  );
  for (const f of ACCOUNT_TEAMS_FIELDS) body += fieldPermissionXml(f, false);
  body += tag('hasActivationRequired', false) + tag('label', 'Partnership Pulse Integration (Account Teams)');
  return xml('PermissionSet', body);
}

/**
 * For orgs that turn on `GRAPH_CALENDAR_WRITE_BACK`: create, edit and delete Events (the Edit Events user permission,
 * which also lets the integration user make the account manager the owner), and edit the fields the Event write sets.
 * Kept apart so an org that does not write calendar meetings grants no activity rights.
 */
function calendarEventsPermissionSetXml(): string {
  let body = tag(
    'description',
    "Partnership Pulse integration user, orgs writing confirmed calendar meetings back: creates and deletes the account manager's Events on the key account.",
  );
  const fields = [...Object.keys(activityCustomFields).map((f) => `Event.${f}`), ...CALENDAR_EDIT_FIELDS].sort();
  for (const f of fields) body += fieldPermissionXml(f, true);
  body += tag('hasActivationRequired', false) + tag('label', 'Partnership Pulse Integration (Calendar Events)');
  body += `    <userPermissions>\n${tag('enabled', true, '        ')}${tag('name', 'EditEvent', '        ')}    </userPermissions>\n`;
  return xml('PermissionSet', body);
}

function permissionSetXml(): string {
  let body = tag(
    'description',
    'Partnership Pulse integration user: reads key accounts, contacts, meetings, opportunities and cases; writes returns, ratings and scorecards.',
  );
  const fields: string[] = [];
  for (const [o, f] of Object.entries(customFieldsOnStandardObjects))
    for (const name of Object.keys(f)) fields.push(`${o}.${name}`);
  for (const [o, spec] of Object.entries(customObjects))
    for (const name of Object.keys(spec.fields)) fields.push(`${o}.${name}`);
  // Standard fields the sync reads that field-level security governs: read only. Account Teams' own are granted by
  // a permission set of their own, which an org without Account Teams does not deploy.
  for (const f of permissionableReadFields) READ_ONLY_STANDARD.add(f);
  fields.push(...permissionableReadFields.filter((f) => !ACCOUNT_TEAMS_FIELDS.includes(f)));
  for (const f of fields.sort()) {
    body += fieldPermissionXml(f, !READ_ONLY.has(f) && !READ_ONLY_STANDARD.has(f));
  }
  body += tag('hasActivationRequired', false) + tag('label', 'Partnership Pulse Integration');
  // No object permissions for what a permission set may not grant: activities (Event, EventRelation: access comes
  // from the parent record), User, and AccountTeamMember (access comes from the Account).
  const objects: [string, boolean][] = [
    ...Object.keys(readFields)
      .filter((o) => !NO_OBJECT_PERMISSIONS.has(o))
      .map((o): [string, boolean] => [o, o === 'Account']),
    ...Object.keys(customObjects).map((o): [string, boolean] => [o, true]),
  ];
  for (const [o, write] of objects.sort()) {
    body +=
      '    <objectPermissions>\n' +
      tag('allowCreate', write && o.endsWith('__c'), '        ') +
      tag(
        'allowDelete',
        o in customObjects && 'deletable' in customObjects[o as keyof typeof customObjects],
        '        ',
      ) +
      tag('allowEdit', write, '        ') +
      tag('allowRead', true, '        ') +
      tag('modifyAllRecords', false, '        ') +
      tag('object', o, '        ') +
      tag('viewAllRecords', true, '        ') +
      '    </objectPermissions>\n';
  }
  body += `    <userPermissions>\n${tag('enabled', true, '        ')}${tag('name', 'ApiEnabled', '        ')}    </userPermissions>\n`;
  return xml('PermissionSet', body);
}

/** Every metadata file of `salesforce/`, by path relative to it. */
export function generateMetadata(): Map<string, string> {
  const files = new Map<string, string>();
  const base = 'force-app/main/default';
  files.set(
    'sfdx-project.json',
    `${JSON.stringify(
      {
        packageDirectories: [{ path: 'force-app', default: true }],
        name: 'partnership-pulse',
        namespace: '',
        sourceApiVersion: '62.0',
      },
      null,
      2,
    )}\n`,
  );
  for (const [object, fields] of Object.entries(customFieldsOnStandardObjects)) {
    for (const [name, spec] of Object.entries(fields))
      files.set(`${base}/objects/${object}/fields/${name}.field-meta.xml`, fieldXml(name, spec));
  }
  for (const [object, spec] of Object.entries(customObjects)) {
    files.set(`${base}/objects/${object}/${object}.object-meta.xml`, objectXml(spec.label));
    for (const [name, f] of Object.entries(spec.fields))
      files.set(`${base}/objects/${object}/fields/${name}.field-meta.xml`, fieldXml(name, f));
  }
  for (const [name, spec] of Object.entries(activityCustomFields))
    files.set(`${base}/objects/Activity/fields/${name}.field-meta.xml`, fieldXml(name, spec));
  files.set(`${base}/permissionsets/Pulse_Integration.permissionset-meta.xml`, permissionSetXml());
  files.set(
    `${base}/permissionsets/Pulse_Integration_Calendar_Events.permissionset-meta.xml`,
    calendarEventsPermissionSetXml(),
  );
  files.set(
    `${base}/permissionsets/Pulse_Integration_Account_Teams.permissionset-meta.xml`,
    accountTeamsPermissionSetXml(),
  );
  return files;
}
