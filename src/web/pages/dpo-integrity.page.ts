import { Controller, Get, Post, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Caller, CurrentCaller } from '../../common/caller.decorator';
import { AuditIntegrityService } from '../../dpo/audit-integrity.service';
import { AuditLogService } from '../../dpo/audit-log.service';
import { WebPage } from '../web-page.decorator';

/**
 * The integrity of the audit trail: the latest verification as the trail records it (GET
 * /api/audit/events?action=audit.verify), the signed checkpoints and the public key (GET
 * /api/audit/checkpoints), and "verify now" (GET /api/audit/verify, a form post here because it
 * does work and writes to the trail) and "sign a checkpoint now" (POST /api/audit/checkpoints),
 * each audited as its API twin.
 */
@WebPage()
@Controller('dpo/integrity')
export class DpoIntegrityPage {
  constructor(
    private readonly log: AuditLogService,
    private readonly integrity: AuditIntegrityService,
  ) {}

  @Get()
  @Render('pages/dpo/integrity')
  async show(@CurrentCaller() caller: Caller) {
    const [lastVerification] = (await this.log.page(caller, { action: 'audit.verify', limit: 1 })).items;
    const { keyId, publicKey, checkpoints } = await this.integrity.checkpoints(caller);
    return { lastVerification: lastVerification ?? null, keyId, publicKey, latestCheckpoint: checkpoints[0] ?? null, checkpointCount: checkpoints.length };
  }

  /** Verifies the whole chain, then shows the page again (post, redirect, get), whose latest verification is this one. */
  @Post('verify')
  async verify(@CurrentCaller() caller: Caller, @Res() res: Response): Promise<void> {
    await this.integrity.verify(caller, {});
    res.redirect(303, '/dpo/integrity');
  }

  /** Signs the chain's head now (POST /api/audit/checkpoints), then shows the page again with it. */
  @Post('checkpoint')
  async checkpoint(@CurrentCaller() caller: Caller, @Res() res: Response): Promise<void> {
    await this.integrity.checkpoint(caller);
    res.redirect(303, '/dpo/integrity');
  }
}
