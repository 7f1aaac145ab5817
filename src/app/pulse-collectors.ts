import type { Queryable } from '../adapters/store/database.ts';
import { outboxHealthStore } from '../adapters/store/outbox-health-store.ts';
import type { Crm } from '../adapters/salesforce/salesforce-crm.ts';
import { DeliveryError } from '../adapters/teams/teams-delivery.ts';
import type { TeamsSender } from '../adapters/teams/teams-sender.ts';
import { metricsRegistry, pulseMetrics } from '../platform/metrics/pulse-metrics.ts';

/**
 * Refreshes the gauges that live elsewhere right before each scrape: the outbox backlog per target (one query)
 * and the org's API usage and limit from the last `Sforce-Limit-Info` header jsforce saw. Returns the unregister.
 */
export function collectPulseMetrics(deps: { db: Queryable; crm: Pick<Crm, 'apiUsage'> }): () => void {
  return metricsRegistry.addCollector(async () => {
    for (const h of await outboxHealthStore(deps.db).byTarget()) {
      pulseMetrics.outboxDepth.set({ target: h.target }, h.depth);
      pulseMetrics.outboxOldestAge.set({ target: h.target }, h.oldestAgeSeconds);
    }
    const usage = deps.crm.apiUsage();
    if (usage) {
      pulseMetrics.salesforceApiUsage.set({}, usage.used);
      pulseMetrics.salesforceApiLimit.set({}, usage.max);
    }
  });
}

/** The sender with every 429 from the Bot Connector counted; what is sent and thrown is unchanged. */
export function countingThrottles(sender: TeamsSender): TeamsSender {
  return {
    async send(delivery) {
      try {
        return await sender.send(delivery);
      } catch (error) {
        if (error instanceof DeliveryError && error.kind === 'throttled') pulseMetrics.teamsThrottled.inc();
        throw error;
      }
    },
  };
}
