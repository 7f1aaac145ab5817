/**
 * The layers of Partnership Pulse, checked in CI (`npm run lint`). Each rule says why it exists; see
 * docs/ARCHITECTURE.md for the picture.
 */
const pkg = (names) => `(^|node_modules/)(${names})(/|$)`;
const NODE_IO = '^(node:)?(fs|net|http|https|child_process|dgram|dns|tls|worker_threads)(/|$)';
const IO_LIBRARIES = `${pkg('botbuilder[^/]*|botframework-[^/]+|jsforce|pg|@electric-sql/pglite|restify|pino|croner|ws|undici')}|${NODE_IO}`;
/** Pure modules: plain data in, plain data out (the declarative Salesforce schema and record shapes included). */
const PURE = [
  '^src/core/',
  '^src/features/sync/(plan-sync|to-rows)\\.ts$',
  '^src/features/cycle/parse-return-submission\\.ts$',
  '^src/adapters/salesforce/(sf-schema|sf-records|soql-builder|fit-to-schema)\\.ts$',
].join('|');

/**
 * The layers, lowest first. A layer imports only from layers below it (and from itself):
 * core (pure domain and scoring) < platform (config, logging, metrics, timers) < adapters (database, Salesforce,
 * Teams delivery) < features (the use cases and the cards they answer with) < edge (HTTP, the bot's turn, the
 * tab API: transport only) < app (the composition root, src/main.ts and src/app/).
 */
const LAYERS = ['core', 'platform', 'adapters', 'features', 'edge', 'app'];
const layerPath = (names) => `^src/(${names.join('|')})/`;
const above = (layer) => LAYERS.slice(LAYERS.indexOf(layer) + 1);
const layerRules = LAYERS.slice(0, -1).map((layer) => ({
  name: `layer-${layer}-imports-only-below`,
  severity: 'error',
  comment:
    `src/${layer}/ may import only ${LAYERS.slice(0, LAYERS.indexOf(layer) + 1).join(', ')}: ` +
    `never ${above(layer).join(', ')}, the stand-ins or src/main.ts.`,
  from: { path: `^src/${layer}/` },
  to: { path: `${layerPath(above(layer))}|^src/main\\.ts$|^src/stand-ins/` },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'stand-ins-only-from-the-composition-root',
      severity: 'error',
      comment:
        'The Salesforce and Teams stand-ins (src/stand-ins/) are mirrors of systems we do not own: only the ' +
        'composition root (demo mode), tests and scripts start them; they lean on core, platform and adapters only.',
      from: { path: '^src/stand-ins/' },
      to: { path: `${layerPath(['features', 'edge', 'app'])}|^src/main\\.ts$` },
    },
    {
      name: 'src-only-in-layer-folders',
      severity: 'error',
      comment: 'Every source file lives in a layer folder (or is src/main.ts), so its place says its layer.',
      from: { path: '^src/', pathNot: `${layerPath([...LAYERS, 'stand-ins'])}|^src/main\\.ts$` },
      to: {},
    },
    {
      name: 'no-folder-cycles',
      severity: 'error',
      comment: 'Two folders that import each other are one folder in two places: the shared part belongs lower down.',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes the layers meaningless and the start-up order fragile.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'pure-core-imports-no-io',
      severity: 'error',
      comment: 'Scoring, period arithmetic, sync planning and submission parsing are pure: plain data in, plain data out.',
      from: { path: PURE },
      to: { path: IO_LIBRARIES },
    },
    {
      name: 'pure-core-imports-only-pure',
      severity: 'error',
      comment: 'The pure core may import only other pure modules (and zod), never a store, adapter or service.',
      from: { path: PURE },
      to: { path: '^src/', pathNot: PURE, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'sql-drivers-only-in-store',
      severity: 'error',
      comment: 'Only src/adapters/store/ holds SQL and opens the database drivers.',
      from: { path: '^src/', pathNot: '^src/adapters/store/' },
      to: { path: pkg('pg|@electric-sql/pglite') },
    },
    {
      name: 'botbuilder-only-at-the-bot-edge',
      severity: 'error',
      comment:
        'botbuilder is archived (support ended 2025-12-31): it stays in src/edge/bot/botbuilder/ (the adapter that ' +
        'turns its TurnContext into our Turn) and src/adapters/teams/teams-sender.ts, teams-channel-audience.ts, ' +
        'connector-roster.ts, adapter-roster.ts and bot-reference.ts (proactive sends, roster reads, our stored ' +
        'references as its ConversationReference), so a successor SDK replaces those. Handlers and the router take ' +
        'our Turn (src/edge/bot/turn.ts). src/app/app.ts is the composition root: it may name the SDK types it wires ' +
        '(the bot authentication tests swap), nothing more; docs/ARCHITECTURE.md records the migration path.',
      from: {
        path: '^src/',
        pathNot: [
          '^src/edge/bot/botbuilder/',
          '^src/adapters/teams/(teams-sender|teams-channel-audience|connector-roster|adapter-roster|bot-reference)\\.ts$',
          '^src/app/app\\.ts$',
        ].join('|'),
      },
      to: { path: pkg('botbuilder[^/]*|botframework-[^/]+') },
    },
    {
      name: 'jsforce-only-in-salesforce',
      severity: 'error',
      comment: 'jsforce is the Salesforce adapter; everything else talks to the narrow Crm port.',
      from: { path: '^src/', pathNot: '^src/adapters/salesforce/|^src/stand-ins/salesforce/' },
      to: { path: pkg('jsforce') },
    },
    {
      name: 'restify-only-in-http',
      severity: 'error',
      comment: 'restify carries transport only; use cases never see a request object.',
      from: { path: '^src/', pathNot: '^src/edge/http/|^src/stand-ins/' },
      to: { path: pkg('restify') },
    },
    {
      name: 'test-children-only-through-the-secret-watch',
      severity: 'error',
      comment:
        'A test starts a process only through test/support/watched-child.ts: it runs at LOG_LEVEL=debug and all ' +
        'it prints goes through the secret scan, which a child started otherwise would escape.',
      from: { path: '^test/', pathNot: '^test/support/watched-child\\.ts$' },
      to: { path: '^(node:)?child_process$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'src-never-imports-tests-or-scripts',
      severity: 'error',
      comment: 'Production code does not depend on test helpers or command-line scripts.',
      from: { path: '^src/' },
      to: { path: '^(test|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    // Node's I/O modules are kept in the graph (no folder): without them a rule naming fs or child_process never fires.
    includeOnly: `^(src|scripts|test|node_modules)/|${NODE_IO}`,
    exclude: { path: '^node_modules/.+/node_modules' },
  },
};
