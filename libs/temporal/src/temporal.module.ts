import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { AppConfigService } from '../../config/src/app-config.service';
import { temporalConnectionOptions } from './connection-options';

/** Nest wrapper around one Temporal client; the class itself is the injection token. */
export class TemporalClient extends Client {}

@Global()
@Module({
  providers: [
    {
      provide: TemporalClient,
      inject: [AppConfigService],
      useFactory: async (config: AppConfigService) => {
        const connection = await Connection.connect(temporalConnectionOptions(config.values));
        return new TemporalClient({ connection, namespace: config.values.TEMPORAL_NAMESPACE });
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
