import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChangeRefs, PlatformModule } from '../platform/index.js';
import { MunicipalitiesModule } from '../municipalities/index.js';
import { NeedsModule } from '../needs/index.js';
import { TransferCasesModule } from '../transfer-cases/index.js';
import { ExternalRef } from './external-ref.entity.js';
import { ExternalRefs } from './external-refs.js';
import { IntegrationsController } from './integrations.controller.js';
import { IntegrationsService } from './integrations.service.js';

/** State systems' own ids for municipalities and needs (`external_refs`) and the routes that use them. */
@Module({
  imports: [
    TypeOrmModule.forFeature([ExternalRef]),
    PlatformModule,
    MunicipalitiesModule,
    NeedsModule,
    TransferCasesModule,
  ],
  controllers: [IntegrationsController],
  providers: [ExternalRefs, IntegrationsService],
})
export class IntegrationsModule {
  constructor(changeRefs: ChangeRefs, refs: ExternalRefs) {
    changeRefs.register((kind, ids, tx) => refs.externalIdsOf(kind, ids, tx));
  }
}
