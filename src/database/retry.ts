// Deadlock and serialization failures: the transaction was rolled back whole and may simply run again.
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 3;

/**
 * Runs a transaction again when PostgreSQL broke a deadlock by aborting it: the sweep
 * updates every service in its own order and can meet an import or an evaluation half-way.
 */
export async function retryOnDeadlock<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const { code, driverError } = error as { code?: string; driverError?: { code?: string } };
      const sqlState = code ?? driverError?.code;
      if (attempt >= ATTEMPTS || !sqlState || !RETRYABLE.has(sqlState)) throw error;
    }
  }
}
