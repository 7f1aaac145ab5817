/** The app, tenant and people the request-path benchmarks share (the bot process and the load generator). */
export const benchIds = {
  appId: '11111111-2222-4333-8444-555555555555',
  appPassword: 'bench-secret-value',
  tenant: 'aaaaaaaa-0000-4000-8000-000000000001',
};

/** Account manager `i`: Salesforce user, key account, Teams user and 1:1 chat. */
export function benchManager(i: number) {
  const k = String(i).padStart(6, '0');
  return {
    sfUserId: `005${k}000000AAA`,
    accountId: `001${k}000000AAA`,
    teamsId: `29:am${k}`,
    aadObjectId: `aad-${k}`,
    chatId: `a:1personal-29am${k}`,
    name: `Manager ${k}`,
    email: `am${k}@x.example`,
  };
}
