/**
 * The ceiling for GET /v1/availability: node:http answering each benchmark question with the
 * bytes the API itself answered it with, recorded just before the load runs (same status,
 * Content-Type and ETag). Per request it only looks the path up and writes the bytes: what
 * the API would reach if building an answer cost nothing, on the same machine, through the
 * same load tool. The API's other headers (helmet's, the request id) are its own cost and
 * show in its bytes per answer.
 *
 * The recording is two files in the run's log directory: the answers' bodies one after the
 * other (ceiling-answers.bin), and an index of where each path's body is and what came with
 * it (ceiling-answers.json). The server reads both at start.
 *
 * Run as a child process by bench/run.ts: node dist/bench/ceiling-server.js (RECORDING: the
 * index file, PORT).
 */
import { createWriteStream, readFileSync, writeFileSync, WriteStream } from 'node:fs';
import { createServer, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { basename, dirname, join } from 'node:path';

export interface RecordedAnswer {
  path: string;
  status: number;
  contentType: string | null;
  etag: string | null;
  /** Where its body is in the bodies file, bytes. */
  offset: number;
  length: number;
}

interface RecordingIndex {
  /** The bodies file, in the index's directory. */
  bodies: string;
  answers: RecordedAnswer[];
}

export interface RecordingSummary {
  /** The index file, to hand to the server. */
  index: string;
  /** The bodies file. */
  bodies: string;
  answers: number;
  /** How many answers had each status. */
  statuses: Record<string, number>;
  /** Body only, without the headers (the load runs count both). */
  avgBodyBytes: number;
  totalMb: number;
  seconds: number;
}

function write(stream: WriteStream, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => stream.write(chunk, (error) => (error ? reject(error) : resolve())));
}

/**
 * Asks the API each distinct path once, `lanes` at a time, and writes its answers to `dir`.
 * Bodies go to disk as they arrive: the recording's memory is its index, not its answers.
 */
export async function recordAnswers(apiBase: string, paths: string[], dir: string, lanes = 4): Promise<RecordingSummary> {
  const started = performance.now();
  const distinct = [...new Set(paths)];
  const bodiesPath = join(dir, 'ceiling-answers.bin');
  const stream = createWriteStream(bodiesPath);
  const answers: RecordedAnswer[] = [];
  let written = 0;
  let next = 0;
  // The first failure stops every lane before the file is closed (no write after its end).
  let failure: unknown;
  const lane = async () => {
    while (next < distinct.length && failure === undefined) {
      const path = distinct[next++];
      try {
        const response = await fetch(apiBase + path, { signal: AbortSignal.timeout(60_000) });
        const body = Buffer.from(await response.arrayBuffer());
        // The offset is taken when the write is issued: writes land in the order they are issued.
        answers.push({ path, status: response.status, contentType: response.headers.get('content-type'), etag: response.headers.get('etag'), offset: written, length: body.length });
        written += body.length;
        await write(stream, body);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  await new Promise<void>((resolve) => stream.end(resolve));
  if (failure !== undefined) throw failure;
  const index = join(dir, 'ceiling-answers.json');
  const recording: RecordingIndex = { bodies: basename(bodiesPath), answers };
  writeFileSync(index, JSON.stringify(recording));
  const statuses: Record<string, number> = {};
  for (const answer of answers) statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
  return {
    index,
    bodies: bodiesPath,
    answers: answers.length,
    statuses,
    avgBodyBytes: answers.length ? Math.round(written / answers.length) : 0,
    totalMb: Math.round(written / 1024 / 102.4) / 10,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

interface Reply {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

/** The recorded answers by path, their bodies slices of one buffer. */
function loadRecording(indexPath: string): Map<string, Reply> {
  const recording = JSON.parse(readFileSync(indexPath, 'utf8')) as RecordingIndex;
  const bodies = readFileSync(join(dirname(indexPath), recording.bodies));
  const replies = new Map<string, Reply>();
  for (const answer of recording.answers) {
    const headers: OutgoingHttpHeaders = { 'content-length': answer.length };
    if (answer.contentType) headers['content-type'] = answer.contentType;
    if (answer.etag) headers.etag = answer.etag;
    replies.set(answer.path, { status: answer.status, headers, body: bodies.subarray(answer.offset, answer.offset + answer.length) });
  }
  return replies;
}

export function startCeiling(indexPath: string, port: number) {
  const replies = loadRecording(indexPath);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const reply = replies.get(req.url ?? '');
    if (reply) {
      res.writeHead(reply.status, reply.headers);
      res.end(reply.body);
    } else {
      const text = req.url === '/health' ? `{"status":"ok","answers":${replies.size}}` : '{"statusCode":404,"message":"not a recorded path"}';
      res.writeHead(req.url === '/health' ? 200 : 404, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    }
  });
  server.keepAliveTimeout = 60_000;
  server.listen(port, '127.0.0.1');
  return server;
}

if (require.main === module) {
  const recording = process.env.RECORDING;
  const port = Number(process.env.PORT);
  if (!recording || !Number.isInteger(port)) {
    console.error('RECORDING and PORT are required');
    process.exit(1);
  }
  const server = startCeiling(recording, port);
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
