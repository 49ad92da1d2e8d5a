import { Global, Module } from '@nestjs/common';
import { RateLimits, SignInRateLimitGuard } from './rate-limits';

@Global()
@Module({
  providers: [RateLimits, SignInRateLimitGuard],
  exports: [RateLimits, SignInRateLimitGuard],
})
export class RateLimitModule {}
