import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Connection } from '@temporalio/client';
import { AppConfigService } from '../../config/src/app-config.service';
import { temporalConnectionOptions } from './connection-options';
import { TemporalClient } from './temporal-client';

@Global()
@Module({
  providers: [
    {
      provide: TemporalClient,
      inject: [AppConfigService],
      useFactory: async (config: AppConfigService) => {
        const connection = await Connection.connect(temporalConnectionOptions(config.values));
        return new TemporalClient({ connection, namespace: config.values.TEMPORAL_NAMESPACE }, config.values.TEMPORAL_CALL_TIMEOUT_MS);
      },
    },
  ],
  exports: [TemporalClient],
})
export class TemporalModule implements OnApplicationShutdown {
  constructor(@Inject(TemporalClient) private readonly client: TemporalClient) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}
