import { ConsoleLogger, LogLevel } from '@nestjs/common';

/**
 * Nest announces every module it loads and every route it maps (about ninety lines) before the few
 * an operator starting the server needs: where it listens, where to sign in. Those announcements
 * are for debugging, so they are logged at debug level.
 */
const FRAMEWORK_START_UP_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

const SEVERITY: LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];

export class ServerLogger extends ConsoleLogger {
  constructor(least: LogLevel) {
    super({ logLevels: SEVERITY.slice(SEVERITY.indexOf(least)) });
  }

  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams.at(-1);
    if (typeof context === 'string' && FRAMEWORK_START_UP_CONTEXTS.has(context)) super.debug(message, ...optionalParams);
    else super.log(message, ...optionalParams);
  }
}
