import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { DaemonConfig } from '@confiture/domain';
import { SecretValues } from '../logging/secret-values';
import type { RuntimeSettings } from './runtime-settings';
import { DAEMON_CONFIG, RUNTIME } from './tokens';

/** The validated configuration and the runtime settings, loaded once and injected everywhere. */
@Global()
@Module({})
export class DaemonConfigModule {
  /** Provides `config` as {@link DAEMON_CONFIG}, `runtime` as {@link RUNTIME}, and the secret values. */
  static forRoot(
    config: DaemonConfig,
    runtime: RuntimeSettings,
    secrets: SecretValues,
  ): DynamicModule {
    return {
      module: DaemonConfigModule,
      providers: [
        { provide: DAEMON_CONFIG, useValue: config },
        { provide: RUNTIME, useValue: runtime },
        { provide: SecretValues, useValue: secrets },
      ],
      exports: [DAEMON_CONFIG, RUNTIME, SecretValues],
    };
  }
}
