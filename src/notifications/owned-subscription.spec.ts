import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { type OwnedSubscription, type SubscriptionRow, WebhookSubscriptionsRepository } from './webhook-subscriptions.repository';

/** A data source that records each statement and answers with the given rows, with no PostgreSQL. */
function recording(rows: unknown[] = []) {
  const calls: { sql: string; params: unknown[] }[] = [];
  const dataSource = {
    query: async (sql: string, params: unknown[]) => {
      calls.push({ sql, params });
      return rows;
    },
  } as unknown as ConstructorParameters<typeof WebhookSubscriptionsRepository>[0];
  return { dataSource, calls };
}

describe('webhook subscriptions: ownership checked in one place', () => {
  it('findOwned asks for the id and the calling token in one statement, and finds nothing for anyone else', async () => {
    const { dataSource, calls } = recording([]);
    expect(await new WebhookSubscriptionsRepository(dataSource).findOwned({ tokenId: 'token-1' }, 'webhook-1')).toBeUndefined();
    expect(calls).toEqual([{ sql: expect.stringMatching(/WHERE id = \$1 AND token_id = \$2$/), params: ['webhook-1', 'token-1'] }]);
  });

  it('acts on the subscription findOwned returned', async () => {
    const owned = { id: 'webhook-1', token_id: 'token-1' } as OwnedSubscription;
    const { dataSource, calls } = recording([]);
    await new WebhookSubscriptionsRepository(dataSource).delete(owned);
    await new WebhookDeliveriesRepository(dataSource).page(owned, 11);
    expect(calls.map((c) => c.params[0])).toEqual(['webhook-1', 'webhook-1']);
  });

  // Checked by the compiler (npm run typecheck): each line below must fail to compile, or
  // its @ts-expect-error is itself an error. The function is never called.
  it('lets the delivery log, resume and delete take nothing but what findOwned returned', () => {
    const unchecked = (subscriptions: WebhookSubscriptionsRepository, deliveries: WebhookDeliveriesRepository, row: SubscriptionRow) => {
      // @ts-expect-error a row read any other way has not been checked against the caller
      void subscriptions.resume(row);
      // @ts-expect-error nor has a bare id
      void subscriptions.delete('webhook-1');
      // @ts-expect-error the delivery log holds the subscriber's endpoint's answers: its owner's only
      void deliveries.page(row, 11);
    };
    expect(unchecked).toBeInstanceOf(Function);
  });
});
