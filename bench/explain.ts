import type { Client } from 'pg';
import { round } from './util';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'CTE Name'?: string;
  'Subplan Name'?: string;
  'Actual Total Time'?: number;
  'Actual Loops'?: number;
  'Actual Rows'?: number;
  Plans?: PlanNode[];
}

export interface Explained {
  planningMs: number;
  executionMs: number;
  /** planning + execution: what the statement costs the server, without the client. */
  totalMs: number;
  /** Of the execution, the time PostgreSQL spent compiling it with JIT (0 when JIT did not kick in). */
  jitMs: number;
  /** The nodes that took the most time themselves (exclusive of their children). */
  hotNodes: { node: string; selfMs: number; rows: number; loops: number }[];
  plan: unknown;
}

function describe(node: PlanNode): string {
  const on = node['Relation Name'] ? ` on ${node['Relation Name']}` : '';
  const index = node['Index Name'] ? ` using ${node['Index Name']}` : '';
  const cte = node['CTE Name'] ? ` (CTE ${node['CTE Name']})` : '';
  const sub = node['Subplan Name'] ? ` [${node['Subplan Name']}]` : '';
  return `${node['Node Type']}${on}${index}${cte}${sub}`;
}

function hotNodes(root: PlanNode): Explained['hotNodes'] {
  const out: Explained['hotNodes'] = [];
  const walk = (node: PlanNode) => {
    const total = (node['Actual Total Time'] ?? 0) * (node['Actual Loops'] ?? 1);
    // InitPlans / CTE scans make "children" overlap; clamp at zero.
    const children = (node.Plans ?? []).reduce((sum, child) => sum + (child['Actual Total Time'] ?? 0) * (child['Actual Loops'] ?? 1), 0);
    // A CTE Scan's time is mostly its CTE's, which the plan lists (and this counts) on its own.
    if (node['Node Type'] !== 'CTE Scan') {
      out.push({ node: describe(node), selfMs: round(Math.max(0, total - children), 1), rows: node['Actual Rows'] ?? 0, loops: node['Actual Loops'] ?? 1 });
    }
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(root);
  return out.sort((a, b) => b.selfMs - a.selfMs).slice(0, 6);
}

/** EXPLAIN (ANALYZE, FORMAT JSON): it runs the statement, so callers wrap writes in a transaction they roll back. */
export async function explainAnalyze(client: Client, sql: string, params: unknown[] = []): Promise<Explained> {
  const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params);
  const [top] = rows[0]['QUERY PLAN'] as { Plan: PlanNode; 'Planning Time': number; 'Execution Time': number; JIT?: { Timing?: { Total?: number } } }[];
  return {
    planningMs: round(top['Planning Time'], 1),
    executionMs: round(top['Execution Time'], 1),
    totalMs: round(top['Planning Time'] + top['Execution Time'], 1),
    jitMs: round(top.JIT?.Timing?.Total ?? 0, 1),
    hotNodes: hotNodes(top.Plan),
    plan: top.Plan,
  };
}

/**
 * Runs statements under EXPLAIN ANALYZE in one transaction, then rolls it back: nothing they
 * write stays. `settings` (such as `jit = off`) apply to that transaction only.
 */
export async function explainRolledBack(client: Client, statements: { sql: string; params?: unknown[] }[], settings: string[] = []): Promise<Explained[]> {
  await client.query('BEGIN');
  try {
    for (const setting of settings) await client.query(`SET LOCAL ${setting}`);
    const out: Explained[] = [];
    for (const statement of statements) out.push(await explainAnalyze(client, statement.sql, statement.params ?? []));
    return out;
  } finally {
    await client.query('ROLLBACK');
  }
}
