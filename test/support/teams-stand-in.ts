import { TeamsStandIn as PlainTeamsStandIn } from '../../src/stand-ins/teams/teams-stand-in.ts';
import { registerSecret } from './secret-watch.ts';

export { botFrameworkEndpointsFor } from '../../src/stand-ins/teams/teams-stand-in.ts';

/**
 * The Teams stand-in as tests use it: every channel token it signs is registered with the secret watch, since its
 * signature is what makes it a credential and no log may ever hold it.
 */
export class TeamsStandIn extends PlainTeamsStandIn {
  override async channelToken(overrides: Parameters<PlainTeamsStandIn['channelToken']>[0] = {}): Promise<string> {
    const token = await super.channelToken(overrides);
    registerSecret(token.split('.')[2] ?? token);
    return token;
  }
}
