import { Controller, Get, Render } from '@nestjs/common';
import { AccessService } from '../../access/access.service';
import { PolicyExplainerService } from '../../access/policy-explainer.service';
import { ChildrenService } from '../../children/children.service';
import { ChronologyService } from '../../chronology/chronology.service';
import { Caller, CurrentCaller } from '../../common/caller.decorator';
import { UuidParam } from '../../common/uuid-param';
import { WebPage } from '../web-page.decorator';
import { chronologyPath, entryPath } from '../web-routes';
import { entryHeading, entryRows, historyRows, withheldNotice } from './entry.view-model';
import { explanationViewModel } from './why-withheld.view-model';

/**
 * Journey 5: one entry as the reader may see it, with its history, what they may do to it, and
 * why they cannot see what is withheld. Mirrors GET /api/children/:id, GET /api/entries/:id and,
 * where the reader may see it, GET /api/entries/:id/history; "Why can't I see this?" mirrors
 * GET /api/policy/explain. Each is audited as the API read is.
 */
@WebPage()
@Controller('child/:childId/entries/:entryId')
export class EntryPage {
  constructor(
    private readonly children: ChildrenService,
    private readonly chronology: ChronologyService,
    private readonly access: AccessService,
    private readonly explainer: PolicyExplainerService,
  ) {}

  @Get()
  @Render('pages/entry')
  async show(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @UuidParam('entryId') entryId: string) {
    // The entry first: a refusal leaves no read of the child's record in the audit trail, only the refusal.
    const entry = await this.chronology.readEntry(caller, entryId, childId);
    const child = await this.children.get(caller, childId);
    const history = entry.kind === 'entry' && !entry.withheld?.fields.includes('history') ? await this.chronology.readHistory(caller, entryId) : null;
    const may = await this.access.entryChanges(caller, entryId);
    return {
      child,
      entry,
      heading: entryHeading(entry),
      rows: entry.kind === 'entry' ? entryRows(entry, child.dateOfBirth) : [],
      withheld: entry.kind === 'entry' ? withheldNotice(entry) : null,
      history: history && historyRows(history, child.dateOfBirth),
      may: { amend: may.amend.length > 0, share: may.share },
      // Only the author may see who has read it (the notifications service refuses anyone else), so only the author is offered the link.
      seenBy: entry.kind === 'entry' && entry.source.author?.id === caller.user.practitionerId ? `/inbox/seen-by/${entryId}` : null,
      paths: this.paths(childId, entryId),
    };
  }

  @Get('why')
  @Render('pages/why-withheld')
  async why(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @UuidParam('entryId') entryId: string) {
    const explanation = await this.explainer.explain(caller, childId, entryId);
    const child = await this.children.get(caller, childId);
    return { child, ...explanationViewModel(explanation, caller.user), paths: this.paths(childId, entryId) };
  }

  private paths(childId: string, entryId: string) {
    const entry = entryPath(childId, entryId);
    return { entry, chronology: chronologyPath(childId), why: `${entry}/why`, amend: `${entry}/amend`, enteredInError: `${entry}/entered-in-error`, share: `${entry}/share` };
  }
}
