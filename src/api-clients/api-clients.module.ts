import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentitySources } from '../auth/index.js';
import { RegionReferences, RegionsModule } from '../regions/index.js';
import { ApiClient } from './api-client.entity.js';
import { ApiClientsController } from './api-clients.controller.js';
import { ApiClientsService } from './api-clients.service.js';
import { ClientKeysSource } from './client-keys.js';

@Module({
  imports: [TypeOrmModule.forFeature([ApiClient]), RegionsModule],
  controllers: [ApiClientsController],
  providers: [ApiClientsService, ClientKeysSource],
})
export class ApiClientsModule {
  constructor(identity: IdentitySources, keys: ClientKeysSource, references: RegionReferences) {
    identity.provideClientKeys(keys);
    references.register((regionId) => keys.regionUse(regionId));
  }
}
