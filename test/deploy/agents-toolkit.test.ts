import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';

// Checked offline only: the toolkit's yaml schema (https://aka.ms/teams-toolkit/v1.7/yaml.schema.json) is fetched
// from the internet and the toolkit CLI needs a Microsoft 365 sign-in to run a lifecycle. Actions and their
// outputs: https://aka.ms/teamsfx-actions (aadApp/create, botAadApp/create, arm/deploy, teamsApp/*).
const actions = new Set([
  'teamsApp/create',
  'teamsApp/validateManifest',
  'teamsApp/zipAppPackage',
  'teamsApp/validateAppPackage',
  'teamsApp/update',
  'teamsApp/publishAppPackage',
  'aadApp/create',
  'botAadApp/create',
  'botFramework/create',
  'arm/deploy',
  'cli/runNpmCommand',
  'azureAppService/zipDeploy',
  'file/createOrUpdateEnvironmentFile',
]);

/** Variables a project file uses, and those its steps write (writeToEnvironmentFile values, Bicep outputs). */
function lifecycle(file: string) {
  const text = readFileSync(file, 'utf8');
  const uses = [...text.matchAll(/^\s*- uses: (\S+)/gm)].map((m) => m[1]!);
  const used = new Set([...text.matchAll(/\$\{\{([A-Z0-9_]+)\}\}/g)].map((m) => m[1]!));
  const written = new Set<string>(['TEAMSFX_ENV']);
  for (const block of text.matchAll(/writeToEnvironmentFile:\n((?:\s{6}\w+: [A-Z0-9_]+\n)+)/g))
    for (const m of block[1]!.matchAll(/: ([A-Z0-9_]+)/g)) written.add(m[1]!);
  return { text, uses, used, written };
}

describe('Microsoft 365 Agents Toolkit project files', () => {
  it.each(['m365agents.yml', 'm365agents.local.yml'])(
    'When %s is read, then it has the lifecycle stages and only known actions',
    (file) => {
      const { text, uses } = lifecycle(file);
      expect(text).toMatch(/^version: v1\.\d+$/m);
      expect(text).toMatch(/^environmentFolderPath: \.\/env$/m);
      expect(text).toMatch(/^provision:$/m);
      expect(text).toMatch(/^deploy:$/m);
      for (const action of uses) expect(actions.has(action), action).toBe(true);
      expect(uses).toContain('teamsApp/create');
      expect(uses).toContain('teamsApp/zipAppPackage');
    },
  );

  it('When provisioning for Azure, then the bot identity, the Bicep deployment and publishing are all there', () => {
    const { uses, text } = lifecycle('m365agents.yml');
    expect(uses).toEqual(
      expect.arrayContaining([
        'aadApp/create',
        'arm/deploy',
        'azureAppService/zipDeploy',
        'teamsApp/publishAppPackage',
      ]),
    );
    expect(text).toMatch(/^publish:$/m);
    expect(text).toMatch(/args: run build/);
  });

  it('When a placeholder is resolved, then env/.env.dev declares it, a step writes it, or it is a secret in the .user file', () => {
    const declared = new Set(Object.keys(parseEnv(readFileSync('env/.env.dev', 'utf8'))));
    const bicep = readFileSync('infra/azure.bicep', 'utf8');
    const outputs = new Set([...bicep.matchAll(/^output (\w+) /gm)].map((m) => m[1]!));
    const { used, written } = lifecycle('m365agents.yml');
    const params = readFileSync('infra/azure.parameters.json', 'utf8');
    for (const m of params.matchAll(/\$\{\{([A-Z0-9_]+)\}\}/g)) used.add(m[1]!);
    const unresolved = [...used].filter(
      (v) => !declared.has(v) && !written.has(v) && !outputs.has(v) && !v.startsWith('SECRET_'),
    );
    expect(unresolved).toEqual([]);
  });

  it('When the Bicep parameters file is read, then it names exactly the parameters azure.bicep declares without a default', () => {
    const bicep = readFileSync('infra/azure.bicep', 'utf8');
    const declared = [...bicep.matchAll(/^param (\w+) \w+( =)?/gm)];
    const given = Object.keys(
      (JSON.parse(readFileSync('infra/azure.parameters.json', 'utf8')) as { parameters: object }).parameters,
    );
    for (const [, name, hasDefault] of declared) if (!hasDefault) expect(given, name).toContain(name);
    for (const name of given) expect(declared.map((d) => d[1])).toContain(name);
  });
});
