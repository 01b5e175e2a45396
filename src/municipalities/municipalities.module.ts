import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PlatformModule } from '../platform/index.js';
import { RegionReferences, RegionsModule } from '../regions/index.js';
import { MunicipalitiesController } from './municipalities.controller.js';
import { MunicipalitiesService } from './municipalities.service.js';
import { MunicipalityPlaces } from './municipality-places.js';
import { Municipality } from './municipality.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([Municipality]), PlatformModule, RegionsModule],
  controllers: [MunicipalitiesController],
  providers: [MunicipalitiesService, MunicipalityPlaces],
  exports: [MunicipalityPlaces, MunicipalitiesService],
})
export class MunicipalitiesModule {
  constructor(references: RegionReferences, places: MunicipalityPlaces) {
    references.register((regionId) => places.regionUse(regionId));
  }
}
