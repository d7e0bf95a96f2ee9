/**
 * Uploads written by hand on node:http, for the tests that need what supertest cannot do: send half a file and wait,
 * go away mid-upload, stream a large file from disk, or declare a length and send nothing.
 */
import { once } from 'node:events';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';

/** The multipart framing around one file part, with text fields before it. */
export function multipartFrame(
  fileName: string,
  fields: Record<string, string> = {},
  boundary = 'tradeflow-test-boundary',
): { contentType: string; head: string; tail: string } {
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    head: `${parts.join('')}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`,
    tail: `\r\n--${boundary}--\r\n`,
  };
}

/** A POST /api/datasets to 127.0.0.1:`port` whose body the caller writes. */
export function postDatasets(
  port: number,
  headers: { authorization: string; contentType: string; contentLength: number },
): ClientRequest {
  return httpRequest({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/api/datasets',
    headers: {
      Authorization: headers.authorization,
      'Content-Type': headers.contentType,
      'Content-Length': headers.contentLength,
    },
  });
}

/** The request's answer with its whole body; call it before writing, so the answer is never missed. */
export async function answerOf(request: ClientRequest): Promise<{ response: IncomingMessage; body: string }> {
  const [response] = (await once(request, 'response')) as [IncomingMessage];
  let body = '';
  for await (const chunk of response) body += String(chunk);
  return { response, body };
}

/** Resolves once `condition` holds, checking every 5 ms (the test's own timeout bounds the wait). */
export async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
