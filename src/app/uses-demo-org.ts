import type { SalesforceSettings } from '../platform/config/config.ts';

/**
 * No SF_ connection settings: the demo org's stand-in is used (open-salesforce.ts starts it). Apart from that
 * module, so the server can tell before it loads jsforce and the stand-in.
 */
export const usesDemoOrg = (settings: SalesforceSettings): boolean => !settings.connection;
