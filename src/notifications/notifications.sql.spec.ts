import { deliveryPageSql } from './notifications.sql';

/** The placeholders a statement uses, in order of number. */
const placeholders = (sql: string) => [...new Set(sql.match(/\$\d+/g))].sort();

describe('notifications SQL', () => {
  it('reads a delivery page after the cursor only when there is one', () => {
    expect(placeholders(deliveryPageSql(false))).toEqual(['$1', '$2']);
    expect(placeholders(deliveryPageSql(true))).toEqual(['$1', '$2', '$3']);
    expect(deliveryPageSql(true)).toMatch(/AND d\.id > \$3\s+ORDER BY d\.id LIMIT \$2/);
  });
});
