import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createTransport, Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { JobRegistry } from '../jobs/job-registry';

export const SEND_EMAIL_TASK = 'notifications:send-email';

/** No case content, ever: not the child, not the agency, not the event. The inbox, after sign-in, says the rest. */
export function emailText(reason: string, inboxUrl: string): { subject: string; text: string } {
  const what = reason === 'significant' ? 'A significant event was recorded for a child you work with.' : 'A new entry was recorded for a child you follow.';
  return { subject: 'Chronicle: a new notification', text: `${what} Sign in to see it.\n\n${inboxUrl}\n` };
}

/** A mail server that does not answer fails the try within seconds (and is retried later), rather than holding a job for minutes. */
function withTimeouts(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  for (const [name, value] of [['connectionTimeout', '10000'], ['greetingTimeout', '10000'], ['socketTimeout', '20000']]) {
    if (!url.searchParams.has(name)) url.searchParams.set(name, value);
  }
  return url.href;
}

/**
 * Sends a notification's email, as a job queued on the entry's own transaction (so an entry never
 * goes unannounced, and a rolled-back one is never announced). graphile-worker runs each job once
 * across instances and retries a failure with backoff; the email is recorded as sent on the
 * notification, so a job run again after the mail server took it sends nothing more. With no
 * SMTP_URL (the demo) the email is logged, not sent.
 */
@Injectable()
export class NotificationEmailService implements OnModuleInit {
  private readonly logger = new Logger('NotificationEmail');
  private readonly transport: Transporter | null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: JobRegistry,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {
    this.transport = config.mail.smtpUrl ? createTransport(withTimeouts(config.mail.smtpUrl)) : null;
  }

  onModuleInit(): void {
    this.registry.register(SEND_EMAIL_TASK, (payload) => this.send((payload as { notificationId: string }).notificationId));
  }

  private async send(notificationId: string): Promise<void> {
    const [row] = await this.dataSource.query<{ childId: string; recipientId: string; reason: string; email: string | null; emailedAt: Date | null }[]>(
      `SELECT n.child_id AS "childId", n.recipient_id AS "recipientId", n.reason, p.email, n.emailed_at AS "emailedAt"
         FROM notifications n JOIN practitioners p ON p.id = n.recipient_id WHERE n.id = $1`,
      [notificationId],
    );
    if (!row || row.emailedAt || !row.email) return;
    const { subject, text } = emailText(row.reason, `${this.config.publicUrl}/inbox`);
    if (!this.transport) {
      this.logger.log(`No SMTP_URL: the email for notification ${notificationId} was not sent ("${text.split('\n')[0]}")`);
      return;
    }
    await this.transport.sendMail({ from: this.config.mail.from, to: row.email, subject, text });
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE notifications SET emailed_at = $2 WHERE id = $1`, [notificationId, this.clock.now()]);
      await this.audit.recordSystemEvent(manager, { action: 'notification.email', childId: row.childId, details: { notificationId, recipient: row.recipientId } });
    });
  }
}
