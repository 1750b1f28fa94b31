import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AppConfigModule, AppConfigService } from '../../../libs/config/src';
import { dataSourceOptions } from '../../../libs/db/src';

@Module({
  imports: [
    AppConfigModule.forRoot(),
    LoggerModule.forRootAsync({
      inject: [AppConfigService],
      useFactory: (config: AppConfigService) => ({ pinoHttp: { level: config.values.LOG_LEVEL, name: 'worker' } }),
    }),
    TypeOrmModule.forRootAsync({
      inject: [AppConfigService],
      useFactory: (config: AppConfigService) => dataSourceOptions(config.databaseUrl, config.values.DB_POOL_SIZE),
    }),
  ],
})
export class WorkerModule {}
