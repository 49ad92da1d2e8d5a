import { redirectOnceSaved } from '../session-redirect';
import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AccessClaimsService } from '../../access/access-claims.service';
import { AccessPolicyService } from '../../access/access-policy.service';
import { AccessService } from '../../access/access.service';
import { CreateAccessClaimDto } from '../../access/dto/create-access-claim.dto';
import { ChildrenService } from '../../children/children.service';
import { Caller, CurrentCaller } from '../../common/caller.decorator';
import type { ChronicleRequest } from '../../common/request-context';
import { ApiFormValidation, formErrorsView, formText, submitForm } from '../forms';
import { IDENTIFIER_SCHEME_LABELS } from '../view-filters';
import { WebPage } from '../web-page.decorator';
import '../web-session-data';

/**
 * How someone not on a child's team asks for access: a self-claimed relationship or emergency
 * access, with a written reason, through POST /api/access-claims' own service. The page says,
 * before and after, that the data protection officer is alerted and when access ends.
 */
@WebPage()
@Controller('request-access')
export class RequestAccessPage {
  constructor(
    private readonly claims: AccessClaimsService,
    private readonly policies: AccessPolicyService,
    private readonly access: AccessService,
    private readonly children: ChildrenService,
    private readonly forms: ApiFormValidation,
  ) {}

  @Get()
  form(@CurrentCaller() caller: Caller, @Res() res: Response): void {
    res.render('pages/request-access', this.formModel(caller, {}));
  }

  @Post()
  async request(@CurrentCaller() caller: Caller, @Body() body: Record<string, unknown>, @Req() req: ChronicleRequest, @Res() res: Response): Promise<void> {
    const values = { scheme: formText(body, 'scheme'), identifier: formText(body, 'identifier'), kind: formText(body, 'kind'), reason: formText(body, 'reason') };
    const { minimumReasonLength } = this.policies.policy.claims;
    const wording = {
      'identifier.scheme': { field: 'scheme', text: 'Select the kind of identifier' },
      // The API's own words name the identifier as people do ("a CHI number must be 10 digits").
      'identifier.value': { field: 'identifier' },
      kind: { field: 'kind', text: 'Select why you need access' },
      reason: { field: 'reason', text: `Explain why you need access, in at least ${minimumReasonLength} characters` },
    };
    const checked = await this.forms.check(CreateAccessClaimDto, { identifier: { scheme: values.scheme, value: values.identifier }, kind: values.kind, reason: values.reason }, wording);
    // The API's checks (the identifier's format, the reason's length among them) report every problem at once; an empty identifier is worded here.
    const errors = [...(values.identifier ? [] : [{ field: 'identifier', text: "Enter the child's identifier" }]), ...('errors' in checked ? checked.errors : [])];
    const claimed =
      errors.length > 0 || 'errors' in checked
        ? { errors }
        : await submitForm(() => this.claims.claim(caller, checked.value), wording, {
            NOT_FOUND: { field: 'identifier', text: 'No child with this identifier is known to Chronicle: check it and try again' },
            ALREADY_HAS_ACCESS: { field: 'identifier', text: "You are on this child's team already: you need no extra access" },
          });
    if ('errors' in claimed) {
      res.status(400).render('pages/request-access', { ...this.formModel(caller, values), errors: formErrorsView(claimed.errors, ['scheme', 'identifier', 'kind', 'reason']) });
      return;
    }
    const { id, childId, kind, expiresAt } = claimed.value;
    req.session.grantedClaim = { id, childId, kind, expiresAt };
    await redirectOnceSaved(req, res, '/request-access/granted');
  }

  @Get('granted')
  async granted(@CurrentCaller() caller: Caller, @Req() req: ChronicleRequest, @Res() res: Response): Promise<void> {
    const claim = req.session.grantedClaim;
    if (!claim) return res.redirect(303, '/request-access');
    res.render('pages/access-granted', { claim, child: await this.children.get(caller, claim.childId) });
  }

  private formModel(caller: Caller, values: Record<string, string>) {
    const { claims } = this.policies.policy;
    return {
      values,
      mayClaim: this.access.grants(caller, 'claim', 'ChildRecord'),
      schemes: Object.entries(IDENTIFIER_SCHEME_LABELS).map(([value, text]) => ({ value, text, checked: values.scheme === value })),
      hours: { selfClaimed: claims['self-claimed'].durationHours, emergency: claims.emergency.durationHours },
      minimumReasonLength: claims.minimumReasonLength,
    };
  }
}
