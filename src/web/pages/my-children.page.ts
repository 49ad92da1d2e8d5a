import { Controller, Get, Render } from '@nestjs/common';
import { CaseloadService } from '../../caseload/caseload.service';
import { Caller, CurrentCaller } from '../../common/caller.decorator';
import { WebPage } from '../web-page.decorator';

/** Journey 1's landing page; GET /api/caseload is its API twin, audited the same way. */
@WebPage()
@Controller()
export class MyChildrenPage {
  constructor(private readonly caseload: CaseloadService) {}

  @Get('/')
  @Render('pages/my-children')
  async show(@CurrentCaller() caller: Caller) {
    return { children: await this.caseload.myChildren(caller) };
  }
}
