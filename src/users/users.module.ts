import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentitySources } from '../auth/index.js';
import { RegionReferences, RegionsModule } from '../regions/index.js';
import { Pilots } from './pilots.js';
import { UserAccountsSource } from './user-accounts.js';
import { UserRegion } from './user-region.entity.js';
import { User } from './user.entity.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([User, UserRegion]), RegionsModule],
  controllers: [UsersController],
  providers: [UsersService, UserAccountsSource, Pilots],
  exports: [UsersService, Pilots],
})
export class UsersModule {
  constructor(
    identity: IdentitySources,
    accounts: UserAccountsSource,
    references: RegionReferences,
    pilots: Pilots,
  ) {
    identity.provideUserAccounts(accounts);
    references.register((regionId) => pilots.regionUse(regionId));
  }
}
