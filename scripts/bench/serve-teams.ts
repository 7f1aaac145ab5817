import { TeamsStandIn } from '../../src/stand-ins/teams/teams-stand-in.ts';

/** Benchmark helper: the Teams stand-in in its own process with N members (`29:am<k>`) who installed the app. */
const n = Number(process.env.MEMBERS ?? 5000);
const teams = await new TeamsStandIn({ appId: process.env.APP_ID!, appPassword: process.env.APP_PASSWORD! }).start();
for (let i = 0; i < n; i++) {
  const k = String(i).padStart(6, '0');
  const m = teams.state.addMember(
    {
      id: `29:am${k}`,
      name: `Manager ${k}`,
      aadObjectId: `aad-${k}`,
      email: `am${k}@x.example`,
      userPrincipalName: `am${k}@x.example`,
      tenantId: process.env.TENANT_ID!,
      userRole: 'user',
    },
    { installed: true },
  );
  teams.state.personalConversation(m);
}
process.stdout.write(`${JSON.stringify({ url: teams.url })}\n`);
process.on('SIGTERM', () => void teams.stop().then(() => process.exit(0)));
