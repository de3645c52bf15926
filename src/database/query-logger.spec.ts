import { QueryFailedError } from 'typeorm';
import { describeQueryError } from './query-logger';

describe('describeQueryError', () => {
  it('names the SQLSTATE, constraint and table, never the values PostgreSQL quotes', () => {
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint "line_services_operator_name"'), {
      code: '23505',
      constraint: 'line_services_operator_name',
      table: 'line_services',
      detail: 'Key (operator, name)=(011002, 相談者 山田花子) already exists.',
    });
    const error = new QueryFailedError('INSERT INTO line_services (name) VALUES ($1)', ['相談者 山田花子'], driverError);
    const text = describeQueryError(error);
    expect(text).toBe('SQLSTATE 23505 (constraint line_services_operator_name, table line_services)');
    expect(text).not.toContain('山田');
  });

  it('leaves out a message that quotes the input', () => {
    const driverError = Object.assign(new Error('invalid input syntax for type uuid: "secret-input"'), { code: '22P02' });
    expect(describeQueryError(new QueryFailedError('SELECT 1', ['secret-input'], driverError))).toBe('SQLSTATE 22P02');
  });

  it('says only the error class of something that is not a database error', () => {
    expect(describeQueryError(new TypeError('secret'))).toBe('TypeError');
  });
});
