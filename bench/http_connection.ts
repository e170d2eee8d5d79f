/**
 * A load generator's HTTP/1.1 client: one kept-alive TCP connection, one request at a time,
 * the answer read by its Content-Length. On a 2-core machine the generator shares the CPU with
 * the server it measures; `fetch` and a server that only parses the body together saturate both
 * cores at ~4,500 requests/s, so a `fetch` generator measures itself as much as the server. This
 * one costs a fraction (as wrk or oha would; neither is packaged here). Only what the server under test sends is understood: a status line, headers,
 * and a body of Content-Length bytes (RFC 9112 §6.3); anything else is an error.
 */

const CRLF_CRLF = new Uint8Array([13, 10, 13, 10]);
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface HttpAnswer {
  status: number;
  body: string;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  outer: for (let i = from; i <= haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

export class HttpConnection {
  #buffer = new Uint8Array(0);
  readonly #chunk = new Uint8Array(64 * 1024);

  private constructor(readonly conn: Deno.TcpConn, readonly host: string) {}

  static async open(url: string): Promise<HttpConnection> {
    const { hostname, port, host } = new URL(url);
    const conn = await Deno.connect({ hostname, port: Number(port) });
    conn.setNoDelay(true);
    return new HttpConnection(conn, host);
  }

  async request(
    method: string,
    path: string,
    headers: Record<string, string>,
    body = "",
  ): Promise<HttpAnswer> {
    const bytes = encoder.encode(body);
    let head =
      `${method} ${path} HTTP/1.1\r\nHost: ${this.host}\r\nContent-Length: ${bytes.length}\r\n`;
    for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
    const headBytes = encoder.encode(head + "\r\n");
    const message = new Uint8Array(headBytes.length + bytes.length);
    message.set(headBytes);
    message.set(bytes, headBytes.length);
    for (let written = 0; written < message.length;) {
      written += await this.conn.write(message.subarray(written));
    }
    return await this.#answer();
  }

  async #answer(): Promise<HttpAnswer> {
    let headEnd = -1;
    while ((headEnd = indexOf(this.#buffer, CRLF_CRLF, 0)) < 0) await this.#fill();
    const head = decoder.decode(this.#buffer.subarray(0, headEnd));
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    if (!length) throw new Error(`an answer without Content-Length: ${head.split("\r\n")[0]}`);
    const end = headEnd + 4 + Number(length[1]);
    while (this.#buffer.length < end) await this.#fill();
    const body = decoder.decode(this.#buffer.subarray(headEnd + 4, end));
    this.#buffer = this.#buffer.slice(end);
    return { status, body };
  }

  async #fill(): Promise<void> {
    const n = await this.conn.read(this.#chunk);
    if (n === null) throw new Error("the server closed the connection");
    const grown = new Uint8Array(this.#buffer.length + n);
    grown.set(this.#buffer);
    grown.set(this.#chunk.subarray(0, n), this.#buffer.length);
    this.#buffer = grown;
  }

  close(): void {
    this.conn.close();
  }
}
