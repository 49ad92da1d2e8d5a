import { Body, Controller, Get, Post, Query, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AccessClaimsService } from '../../access/access-claims.service';
import type { AccessAlertView } from '../../access/access-claim.view';
import { REVIEW_OUTCOMES, ReviewAccessClaimDto } from '../../access/dto/review-access-claim.dto';
import { AgenciesService } from '../../agencies/agencies.service';
import { Caller, CurrentCaller } from '../../common/caller.decorator';
import { UuidParam } from '../../common/uuid-param';
import { auditEventInWords } from '../../dpo/audit-event-words';
import { AuditReportsService } from '../../dpo/audit-reports.service';
import { agencyNamer } from '../agency-names';
import { ApiFormValidation, formErrorsView, formText, submitForm } from '../forms';
import { WebPage } from '../web-page.decorator';

/** The most events each list shows; the audit log has the rest. */
const LISTED = 50;

const OUTCOMES: Record<(typeof REVIEW_OUTCOMES)[number], { text: string; hint: string }> = {
  appropriate: { text: 'Appropriate', hint: 'The access was justified' },
  inappropriate: { text: 'Not appropriate', hint: 'The access was not justified' },
  referred: { text: 'Referred', hint: 'Passed on for further action: line manager, HR or the Information Commissioner' },
};

/** A recorded review's outcome, as the claim's page reports it. */
const REVIEWED: Record<(typeof REVIEW_OUTCOMES)[number], string> = {
  appropriate: 'the access was justified',
  inappropriate: 'the access was not justified',
  referred: 'referred for further action',
};

const WORDING = {
  outcome: { field: 'outcome', text: 'Select the outcome of your review' },
  notes: { field: 'notes', text: 'Enter what you checked and why you reached this outcome, in up to 4000 characters' },
};

/**
 * Alerts: claimed and emergency access awaiting review, access by people not on the child's team,
 * out of hours, and unusual volume, each as its API report (GET /api/audit/reports/...) and audited
 * as it; and the form that records a review (POST /api/access-alerts/:claimId/review).
 */
@WebPage()
@Controller('dpo/alerts')
export class DpoAlertsPage {
  constructor(
    private readonly reports: AuditReportsService,
    private readonly claims: AccessClaimsService,
    private readonly agencies: AgenciesService,
    private readonly forms: ApiFormValidation,
  ) {}

  @Get()
  @Render('pages/dpo/alerts')
  async show(@CurrentCaller() caller: Caller, @Query('reviewed') reviewed?: string) {
    const awaiting = await this.reports.breakGlass(caller, { status: 'awaiting-review' });
    const offTeam = await this.reports.offTeamAccess(caller, { limit: LISTED });
    const outOfHours = await this.reports.outOfHours(caller, { limit: LISTED });
    const unusualVolume = await this.reports.unusualVolume(caller, {});
    const agencyName = await agencyNamer(this.agencies);
    const inWords = (events: typeof offTeam.events) => events.map((event) => ({ ...event, words: auditEventInWords(event, agencyName) }));
    return {
      reviewed: reviewed === 'yes',
      period: offTeam.period,
      listed: LISTED,
      awaiting,
      offTeam: inWords(offTeam.events),
      outOfHours: { criteria: outOfHours.criteria, events: inWords(outOfHours.events) },
      unusualVolume: { ...unusualVolume, users: unusualVolume.users.map((user) => ({ ...user, agencyName: user.actor.agency ? agencyName(user.actor.agency) : '' })) },
    };
  }

  @Get('claims/:claimId/review')
  @Render('pages/dpo/review-claim')
  async reviewForm(@CurrentCaller() caller: Caller, @UuidParam('claimId') claimId: string) {
    return this.reviewModel(await this.claims.alert(caller, claimId), {});
  }

  @Post('claims/:claimId/review')
  async review(@CurrentCaller() caller: Caller, @UuidParam('claimId') claimId: string, @Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const values = { outcome: formText(body, 'outcome'), notes: formText(body, 'notes') };
    const checked = await this.forms.check(ReviewAccessClaimDto, values, WORDING);
    const errors = [...(values.notes ? [] : [{ field: 'notes', text: WORDING.notes.text }]), ...('errors' in checked ? checked.errors : [])];
    const recorded =
      errors.length > 0 || 'errors' in checked
        ? { errors }
        : await submitForm(() => this.claims.review(caller, claimId, checked.value), WORDING, {
            CONFLICT: { field: 'outcome', text: 'This claim has been reviewed already' },
          });
    if ('errors' in recorded) {
      res.status(400).render('pages/dpo/review-claim', { ...this.reviewModel(await this.claims.alert(caller, claimId), values), errors: formErrorsView(recorded.errors, ['outcome', 'notes']) });
      return;
    }
    res.redirect(303, '/dpo/alerts?reviewed=yes');
  }

  private reviewModel(claim: AccessAlertView, values: Record<string, string>) {
    return { claim, values, outcomeWords: REVIEWED, outcomes: REVIEW_OUTCOMES.map((value) => ({ value, text: OUTCOMES[value].text, hint: { text: OUTCOMES[value].hint }, checked: values.outcome === value })) };
  }
}
