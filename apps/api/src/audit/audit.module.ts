import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/** The audit trail: `GET /api/audit` (entries) and `GET /api/audit/verify` (hash-chain check). */
@Module({ controllers: [AuditController], providers: [AuditService] })
export class AuditModule {}
