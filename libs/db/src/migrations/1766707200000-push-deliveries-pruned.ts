import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `push_deliveries` (PushSubscriptions1766275200000) records which browsers a notification reached,
 * so that a retry skips them. It is needed only while the notification may be tried again: once its
 * row is `sent` (or `cancelled`), nothing sends it again, and its records went on growing with every
 * push. They now go in the transaction that settles the row. A `failed` or `dead` one keeps them: an
 * admin's redelivery (POST /api/notifications/:id/redeliver) reaches only the browsers still missed.
 */
export class PushDeliveriesPruned1766707200000 implements MigrationInterface {
  name = 'PushDeliveriesPruned1766707200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION push_deliveries_settled() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM push_deliveries WHERE notification_id = NEW.id::text;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER notifications_settled AFTER UPDATE OF status ON notifications
        FOR EACH ROW WHEN (NEW.status IN ('sent', 'cancelled') AND OLD.status IS DISTINCT FROM NEW.status)
        EXECUTE FUNCTION push_deliveries_settled()`);
    await q.query(`DELETE FROM push_deliveries d USING notifications n WHERE d.notification_id = n.id::text AND n.status IN ('sent', 'cancelled')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER notifications_settled ON notifications`);
    await q.query(`DROP FUNCTION push_deliveries_settled()`);
  }
}
