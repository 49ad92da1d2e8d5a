import { Body, Controller, Get, HttpCode, Post, Render } from '@nestjs/common';
import { ChildrenService } from '../../children/children.service';
import { SearchChildrenQuery } from '../../children/dto/search-children.query';
import { Caller, CurrentCaller } from '../../common/caller.decorator';
import { readChildSearch } from '../child-search-form';
import { ApiFormValidation } from '../forms';
import { WebPage } from '../web-page.decorator';

/**
 * Journey 2: find a child by name, date of birth or identifier, among the children the caller may
 * see (GET /api/children with the same criteria, audited as that search). The criteria go in a
 * form post, not the address: names, dates of birth and CHI numbers do not belong in URLs,
 * browser histories or logs.
 */
@WebPage()
@Controller('find-a-child')
export class FindAChildPage {
  constructor(
    private readonly children: ChildrenService,
    private readonly forms: ApiFormValidation,
  ) {}

  @Get()
  @Render('pages/find-a-child')
  form() {
    return { values: {}, searched: false };
  }

  @Post()
  @HttpCode(200)
  @Render('pages/find-a-child')
  async search(@CurrentCaller() caller: Caller, @Body() body: Record<string, unknown>) {
    const form = await readChildSearch(this.forms, SearchChildrenQuery, body);
    if ('errors' in form) return { values: form.values, searched: false, errors: form.errors };
    return { values: form.values, searched: true, results: await this.children.search(caller, form.query) };
  }
}
