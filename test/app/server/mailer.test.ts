/** E-mail over real SMTP: an SMTP server runs in the test and receives what the app sends. */
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smtpMailer } from "../../../app/server/mailer.ts";

let server: SMTPServer;
let port = 0;
const received: { from: string; to: string[]; data: string }[] = [];

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let data = "";
      stream.on("data", (chunk: Uint8Array) => (data += new TextDecoder().decode(chunk)));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          data,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  port = (server.server.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("SMTP mail", () => {
  it("delivers a reset link to the SMTP server", async () => {
    const mailer = smtpMailer(`smtp://127.0.0.1:${port}`, "Thuisenergie <noreply@example.be>");
    await mailer.send({
      to: "ann@example.be",
      subject: "Nieuw wachtwoord",
      text: "Open this link: https://energie.example.be/account?reset=abc\n",
      link: "https://energie.example.be/account?reset=abc",
    });
    expect(received.length).toBe(1);
    expect(received[0].from).toBe("noreply@example.be");
    expect(received[0].to).toEqual(["ann@example.be"]);
    expect(received[0].data).toContain("Subject: Nieuw wachtwoord");
    expect(received[0].data).toContain("https://energie.example.be/account?reset=abc");
  });
});
