import type { Bus } from './bus';

/**
 * Prefixes every topic and consumer group with `<namespace>.`, so several
 * platforms (or test runs) can share one Kafka cluster without seeing each
 * other's events. The dead-letter topic is configured on the inner bus and
 * should carry the same prefix.
 */
export function withNamespace(bus: Bus, namespace: string): Bus {
  if (!namespace) return bus;
  const name = (value: string) => `${namespace}.${value}`;
  return {
    publish: (topic, event, options) => bus.publish(name(topic), event, options),
    subscribe: (subscription) =>
      bus.subscribe({ ...subscription, group: name(subscription.group), topics: subscription.topics.map(name) }),
    ping: () => bus.ping(),
    close: () => bus.close(),
  };
}
