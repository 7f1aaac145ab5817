import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { BotFrameworkAuthentication } from 'botframework-connector';
import type { BotIdentity } from '../../../platform/config/config.ts';

/**
 * botbuilder's own JWT validation and outbound credentials for the configured identity. Without an identity
 * (local mode) authentication is off both ways, which the config only allows on a loopback address.
 */
export function createBotAuthentication(bot: BotIdentity | undefined): BotFrameworkAuthentication {
  if (!bot) return new ConfigurationBotFrameworkAuthentication({});
  return new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: bot.appId,
    MicrosoftAppPassword: bot.appPassword,
    MicrosoftAppType: bot.appType,
    MicrosoftAppTenantId: bot.tenantId,
  });
}
