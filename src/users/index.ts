// The public surface of users/. Other modules import only this file.
export { UsersModule } from './users.module.js';
export { UsersService } from './users.service.js';
export { Pilots } from './pilots.js';
