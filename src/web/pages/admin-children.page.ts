import { Body, Controller, Get, HttpCode, Post, Query, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AccessService } from '../../access/access.service';
import { IDENTIFIER_SCHEMES } from '../../children/child-identifier.entity';
import { ChildrenService } from '../../children/children.service';
import { CreateChildDto } from '../../children/dto/create-child.dto';
import { SearchChildrenQuery } from '../../children/dto/search-children.query';
import { Caller, CurrentCaller } from '../../common/caller.decorator';
import { UuidParam } from '../../common/uuid-param';
import { PractitionersService } from '../../practitioners/practitioners.service';
import { AddInvolvementDto, EndInvolvementDto } from '../../team/dto/add-involvement.dto';
import { CAPACITIES } from '../../team/involvement.entity';
import { TeamService } from '../../team/team.service';
import { readChildSearch } from '../child-search-form';
import { dateInputValue, mergeProblems, requiredDate } from '../date-input';
import { ApiFormValidation, formErrorsView, formText, FormWording, submitForm } from '../forms';
import { IDENTIFIER_SCHEME_LABELS, VIEW_FILTERS } from '../view-filters';
import { WebPage } from '../web-page.decorator';
import { teamViewModel } from './child-team.view-model';

const CHILD_FIELDS = ['givenName', 'familyName', 'knownAs', 'dateOfBirth-day', 'dateOfBirth-month', 'dateOfBirth-year', ...IDENTIFIER_SCHEMES.map((scheme) => `identifier-${scheme}`)];
const MEMBER_FIELDS = ['practitionerId', 'capacity', 'startsOn-day', 'startsOn-month', 'startsOn-year', 'endsOn-day', 'endsOn-month', 'endsOn-year'];

/** What the team page confirms after a form (post, redirect, get). */
const DONE: Record<string, string> = {
  created: "The child's record has been created. Add the people who work with them.",
  added: 'They have been added to the team.',
  ended: 'The involvement has been ended.',
};

/**
 * An administrator's children and teams: find a child, create a child record with its identifiers
 * (POST /api/children, checked by its DTO, every problem at once), and the team around the child:
 * add a member with capacity and period, end an involvement (POST /api/children/:id/team, POST
 * .../:involvementId/end). Identity and team only: no chronology.
 */
@WebPage()
@Controller('admin')
export class AdminChildrenPage {
  constructor(
    private readonly children: ChildrenService,
    private readonly team: TeamService,
    private readonly practitioners: PractitionersService,
    private readonly access: AccessService,
    private readonly forms: ApiFormValidation,
  ) {}

  @Post('find-a-child')
  @HttpCode(200)
  @Render('pages/admin/home')
  async find(@CurrentCaller() caller: Caller, @Body() body: Record<string, unknown>) {
    const form = await readChildSearch(this.forms, SearchChildrenQuery, body);
    if ('errors' in form) return { values: form.values, searched: false, errors: form.errors };
    return { values: form.values, searched: true, results: await this.children.search(caller, form.query) };
  }

  @Get('children/new')
  @Render('pages/admin/new-child')
  newChild() {
    return { values: { dateOfBirth: {} }, schemes: this.schemes({}) };
  }

  @Post('children/new')
  async createChild(@CurrentCaller() caller: Caller, @Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const values: Record<string, string> = Object.fromEntries(['givenName', 'familyName', 'knownAs', ...IDENTIFIER_SCHEMES.map((scheme) => `identifier-${scheme}`)].map((field) => [field, formText(body, field)]));
    const dateOfBirth = dateInputValue(body, 'dateOfBirth');
    const date = requiredDate(dateOfBirth, 'dateOfBirth', 'Date of birth', true);
    const identifiers = IDENTIFIER_SCHEMES.filter((scheme) => values[`identifier-${scheme}`]).map((scheme) => ({ scheme, value: values[`identifier-${scheme}`] }));
    const wording: FormWording = {
      givenName: { field: 'givenName', text: 'Enter the given name, in up to 100 characters' },
      familyName: { field: 'familyName', text: 'Enter the family name, in up to 100 characters' },
      knownAs: { field: 'knownAs', text: 'The name they are known by must be up to 100 characters' },
      dateOfBirth: { field: 'dateOfBirth-day', text: 'Date of birth must be today or in the past' },
      ...Object.fromEntries(identifiers.map(({ scheme }, index) => [`identifiers.${index}.value`, { field: `identifier-${scheme}` }])),
    };
    const dto = { givenName: values.givenName, familyName: values.familyName, ...(values.knownAs ? { knownAs: values.knownAs } : {}), dateOfBirth: date.iso, identifiers };
    const checked = await this.forms.check(CreateChildDto, dto, wording);
    const errors = mergeProblems('errors' in checked ? checked.errors : [], [date.problem]);
    const created =
      errors.length > 0 || 'errors' in checked
        ? { errors }
        : await submitForm(() => this.children.create(caller, checked.value), wording, {
            IDENTIFIER_IN_USE: { field: `identifier-${identifiers[0]?.scheme ?? 'chi'}`, text: 'One of these identifiers already belongs to a child in Chronicle: find that child instead' },
          });
    if ('errors' in created) {
      res.status(400).render('pages/admin/new-child', { values: { ...values, dateOfBirth }, schemes: this.schemes(values), errors: formErrorsView(created.errors, CHILD_FIELDS) });
      return;
    }
    res.redirect(303, `/admin/children/${created.value.id}/team?done=created`);
  }

  @Get('children/:childId/team')
  @Render('pages/admin/child-team')
  async teamPage(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @Query('done') done?: string) {
    return { ...(await this.teamModel(caller, childId)), memberValues: { startsOn: {}, endsOn: {} }, done: DONE[done ?? ''] ?? null };
  }

  @Post('children/:childId/team')
  async addMember(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const values = { practitionerId: formText(body, 'practitionerId'), capacity: formText(body, 'capacity'), startsOn: dateInputValue(body, 'startsOn'), endsOn: dateInputValue(body, 'endsOn') };
    const startsOn = requiredDate(values.startsOn, 'startsOn', 'Start date', true);
    const endsOn = requiredDate(values.endsOn, 'endsOn', 'End date', false);
    const wording: FormWording = {
      practitionerId: { field: 'practitionerId', text: 'Select who to add' },
      capacity: { field: 'capacity', text: 'Select the capacity they work with the child in' },
      startsOn: { field: 'startsOn-day', text: 'Enter the start date' },
      endsOn: { field: 'endsOn-day', text: 'The end date must be the same as or after the start date' },
    };
    const dto = { practitionerId: values.practitionerId, capacity: values.capacity, startsOn: startsOn.iso, ...(endsOn.iso ? { endsOn: endsOn.iso } : {}) };
    const checked = await this.forms.check(AddInvolvementDto, dto, wording);
    const errors = mergeProblems('errors' in checked ? checked.errors : [], [startsOn.problem, endsOn.problem]);
    const added = errors.length > 0 || 'errors' in checked ? { errors } : await submitForm(() => this.team.add(caller, childId, checked.value), wording);
    if ('errors' in added) {
      res.status(400).render('pages/admin/child-team', { ...(await this.teamModel(caller, childId, values)), memberValues: values, errors: formErrorsView(added.errors, MEMBER_FIELDS) });
      return;
    }
    res.redirect(303, `/admin/children/${childId}/team?done=added`);
  }

  @Get('children/:childId/team/:involvementId/end')
  @Render('pages/admin/end-involvement')
  async endForm(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @UuidParam('involvementId') involvementId: string) {
    return { ...(await this.involvementModel(caller, childId, involvementId, 'team.read')), values: { endsOn: {} } };
  }

  @Post('children/:childId/team/:involvementId/end')
  async endInvolvement(
    @CurrentCaller() caller: Caller,
    @UuidParam('childId') childId: string,
    @UuidParam('involvementId') involvementId: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const value = dateInputValue(body, 'endsOn');
    const endsOn = requiredDate(value, 'endsOn', 'End date', true);
    const wording: FormWording = { endsOn: { field: 'endsOn-day', text: 'The end date must be the same as or after the start date' } };
    const checked = endsOn.problem ? { errors: [endsOn.problem] } : await this.forms.check(EndInvolvementDto, { endsOn: endsOn.iso }, wording);
    const ended = 'errors' in checked ? checked : await submitForm(() => this.team.end(caller, childId, involvementId, checked.value), wording);
    if ('errors' in ended) {
      res.status(400).render('pages/admin/end-involvement', {
        ...(await this.involvementModel(caller, childId, involvementId, 'team.end')),
        values: { endsOn: value },
        errors: formErrorsView(ended.errors, ['endsOn-day', 'endsOn-month', 'endsOn-year']),
      });
      return;
    }
    res.redirect(303, `/admin/children/${childId}/team?done=ended`);
  }

  /** One involvement on the child's team, audited as that one (a refusal as `attempting`), and the child's identity. */
  private async involvementModel(caller: Caller, childId: string, involvementId: string, attempting: 'team.read' | 'team.end') {
    // The involvement first: it decides the page (those who manage the team), so a refusal leaves no read of the child's record.
    const involvement = await this.team.involvement(caller, childId, involvementId, attempting);
    return { child: await this.children.get(caller, childId), involvement };
  }

  /** The child's identity and team (GET /api/children/:id and /team) and the practitioners to add (GET /api/practitioners), each audited as its API read. */
  private async teamModel(caller: Caller, childId: string, values: { practitionerId?: string; capacity?: string } = {}) {
    // The page's access is decided before the child's record or team is read, so a refusal is the only event: the
    // practitioners to choose from (no child's), then the team as one who manages it.
    await this.access.assertCan(caller, 'read', 'Practitioner', 'practitioner.list');
    const members = await this.team.list(caller, childId, 'manage');
    const child = await this.children.get(caller, childId);
    const practitioners = (await this.practitioners.list({})).filter((practitioner) => ['practitioner', 'manager', 'reviewing-officer'].includes(practitioner.role));
    return {
      ...teamViewModel(child, members),
      practitionerItems: [
        { value: '', text: 'Choose a person' },
        ...practitioners.map((practitioner) => ({ value: practitioner.id, text: `${practitioner.name} (${practitioner.agency?.name ?? 'no agency'})`, selected: values.practitionerId === practitioner.id })),
      ],
      capacityItems: [{ value: '', text: 'Choose a capacity' }, ...CAPACITIES.map((capacity) => ({ value: capacity, text: VIEW_FILTERS.capacity(capacity), selected: values.capacity === capacity }))],
    };
  }

  private schemes(values: Record<string, string>) {
    return IDENTIFIER_SCHEMES.map((scheme) => ({ scheme, label: IDENTIFIER_SCHEME_LABELS[scheme], value: values[`identifier-${scheme}`] ?? '' }));
  }
}
