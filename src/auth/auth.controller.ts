import { Controller, Get, HttpCode, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../common/public.decorator';
import { SignInRateLimitGuard } from '../rate-limit/rate-limits';
import { AuthService } from './auth.service';

@ApiExcludeController()
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @UseGuards(SignInRateLimitGuard)
  @Get('login')
  async login(@Req() req: Request, @Res() res: Response, @Query('returnTo') returnTo?: string): Promise<void> {
    res.redirect(303, await this.auth.beginLogin(req, typeof returnTo === 'string' ? returnTo : undefined));
  }

  @Public()
  @UseGuards(SignInRateLimitGuard)
  @Get('callback')
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    res.redirect(303, await this.auth.completeLogin(req));
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  async logout(@Req() req: Request): Promise<void> {
    await this.auth.logout(req);
  }
}
