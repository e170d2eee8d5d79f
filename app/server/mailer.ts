/**
 * E-mail for reset, confirmation and invitation links: over SMTP when `SMTP_URL` is set,
 * otherwise written to the server's log (so a self-hosted server without mail still works).
 */
import nodemailer from "nodemailer";
import type { Logger } from "./log.ts";

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** The link the mail carries, also logged when there is no SMTP. */
  link: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

export function logMailer(logger: Logger): Mailer {
  return {
    send(mail) {
      logger.log("info", "mail (no SMTP configured)", {
        to: mail.to,
        subject: mail.subject,
        link: mail.link,
      });
      return Promise.resolve();
    },
  };
}

export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
  };
}
