import { CanActivate, ExecutionContext, Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import type { ChronicleRequest } from '../common/request-context';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { TokenBuckets } from './token-buckets';

const PRUNE_MS = 60_000;

/**
 * Request limits: per signed-in user on the API, per client address on sign-in, and per client
 * address on refused bearer tokens (past it, further refusals are 429s and are not audited one by
 * one; a token that verifies is never held back, so bad tokens from a shared address cannot lock
 * its colleagues out). A limit of 0 is off. Per instance; docs/deployment.md says what to put in
 * front for limits across instances.
 */
@Injectable()
export class RateLimits implements OnApplicationShutdown {
  private readonly logger = new Logger('RateLimits');
  private readonly api: TokenBuckets | null;
  private readonly signIn: TokenBuckets | null;
  private readonly failedAuthentication: TokenBuckets | null;
  private readonly timer: NodeJS.Timeout;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const { apiPerSecond, apiBurst, signInPerMinute, failedAuthenticationPerMinute } = config.rateLimits;
    this.api = apiPerSecond > 0 ? new TokenBuckets(apiPerSecond, apiBurst) : null;
    this.signIn = signInPerMinute > 0 ? new TokenBuckets(signInPerMinute / 60, signInPerMinute) : null;
    this.failedAuthentication = failedAuthenticationPerMinute > 0 ? new TokenBuckets(failedAuthenticationPerMinute / 60, failedAuthenticationPerMinute) : null;
    this.timer = setInterval(() => [this.api, this.signIn, this.failedAuthentication].forEach((buckets) => buckets?.prune()), PRUNE_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  assertApiRequest(subject: string): void {
    refuse(this.api?.take(subject) ?? null, 'Too many requests from your account');
  }

  assertSignIn(clientAddress: string): void {
    refuse(this.signIn?.take(clientAddress) ?? null, 'Too many sign-in attempts from this address');
  }

  /** After a token was refused: throws RATE_LIMITED once the address has used up its failed attempts. */
  countFailedAuthentication(clientAddress: string): void {
    const retryAfterSeconds = this.failedAuthentication?.take(clientAddress) ?? null;
    if (retryAfterSeconds !== null && this.failedAuthentication!.refusedInARow(clientAddress) === 1) {
      this.logger.warn(`Failed authentication limit reached for ${clientAddress}; further refused tokens are answered 429 without an audit event each`);
    }
    refuse(retryAfterSeconds, 'Too many failed authentication attempts from this address');
  }
}

function refuse(retryAfterSeconds: number | null, message: string): void {
  if (retryAfterSeconds !== null) throw new DomainError('RATE_LIMITED', `${message}; try again in ${retryAfterSeconds} s`, [], retryAfterSeconds);
}

/** On the sign-in routes, which are public: limited per client address. */
@Injectable()
export class SignInRateLimitGuard implements CanActivate {
  constructor(private readonly limits: RateLimits) {}

  canActivate(context: ExecutionContext): boolean {
    this.limits.assertSignIn(context.switchToHttp().getRequest<ChronicleRequest>().ip ?? 'unknown');
    return true;
  }
}
