import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-http-bearer';
import { Principal } from './principal';
import { PrincipalResolver } from './principal-resolver.service';
import { TokenVerifier } from './token-verifier.service';

@Injectable()
export class BearerStrategy extends PassportStrategy(Strategy, 'bearer') {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly resolver: PrincipalResolver,
  ) {
    super();
  }

  async validate(token: string): Promise<Principal> {
    const claims = await this.verifier.verify(token);
    return this.resolver.resolve(claims, 'bearer');
  }
}
