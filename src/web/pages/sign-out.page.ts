import { Controller, Get, Inject, Post, Render, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AuthService } from '../../auth/auth.service';
import { Public } from '../../common/public.decorator';
import type { ChronicleRequest } from '../../common/request-context';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { WebPage } from '../web-page.decorator';

/** Signing out is a form post from every page's header (with the session's token), never a link another site could follow. */
@WebPage()
@Controller()
export class SignOutPage {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('sign-out')
  async signOut(@Req() req: ChronicleRequest, @Res() res: Response): Promise<void> {
    await this.auth.logout(req);
    res.clearCookie(this.config.session.cookieName, { httpOnly: true, sameSite: 'lax', secure: this.config.session.secureCookie });
    res.redirect(303, '/signed-out');
  }

  @Public()
  @Get('signed-out')
  @Render('pages/signed-out')
  signedOut() {
    return {};
  }
}
