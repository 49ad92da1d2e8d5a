import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { AgenciesModule } from '../agencies/agencies.module';
import { PractitionersModule } from '../practitioners/practitioners.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { AuthenticationGuard } from './authentication.guard';
import { BearerStrategy } from './bearer.strategy';
import { MeController } from './me.controller';
import { OidcClientService } from './oidc-client.service';
import { PrincipalResolver } from './principal-resolver.service';
import { TokenVerifier } from './token-verifier.service';

@Module({
  imports: [PassportModule.register({ session: false }), AgenciesModule, PractitionersModule],
  controllers: [AuthController, MeController],
  providers: [
    OidcClientService,
    TokenVerifier,
    PrincipalResolver,
    BearerStrategy,
    AuthService,
    { provide: APP_GUARD, useClass: AuthenticationGuard },
  ],
  exports: [AuthService],
})
export class AuthModule {}
