/**
 * Where the gaps engine reports, once its transaction has committed, how long the findings
 * it opened waited: seconds from the write that asked for the evaluation (its outbox row) to
 * the finding.
 */
export abstract class FindingLatency {
  abstract observe(seconds: number[]): void;
}
