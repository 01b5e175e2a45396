import {
  type DynamicModule,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { NeedFitsConfig } from '../config/app-config.js';
import { NeedsModule } from './needs.module.js';
import { NeedFits } from './suggestions/need-fits.js';

const NEED_FITS_CONFIG = Symbol('NEED_FITS_CONFIG');
/** Needs judged per transaction: a round holds their rows only that long. */
const BATCH = 50;

/**
 * Keeps the needs' best fits current after the catalogue changes (`NeedFits.refresh`): every
 * `NEED_FIT_REFRESH_INTERVAL_MS` this instance judges again what is stale, batch by batch, up to
 * `NEED_FIT_REFRESH_PER_ROUND` needs; 0 turns it off on this instance.
 */
@Module({})
export class NeedFitsRefreshModule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('NeedFits');
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(NEED_FITS_CONFIG) private readonly config: NeedFitsConfig,
    @Inject(NeedFits) private readonly fits: NeedFits,
  ) {}

  static forRoot(config: NeedFitsConfig): DynamicModule {
    return {
      module: NeedFitsRefreshModule,
      imports: [NeedsModule],
      providers: [{ provide: NEED_FITS_CONFIG, useValue: config }],
    };
  }

  onApplicationBootstrap(): void {
    if (this.config.refreshIntervalMs === 0) return;
    this.timer = setInterval(() => {
      // One round at a time; a slow one makes the next wait, not overlap.
      this.round = this.round
        .then(() => this.refreshRound())
        .catch((error: unknown) => this.logger.warn({ err: error }, 'refreshing need fits failed'));
    }, this.config.refreshIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.round;
  }

  private async refreshRound(): Promise<void> {
    for (let done = 0; done < this.config.refreshPerRound;) {
      const judged = await this.fits.refresh(Math.min(BATCH, this.config.refreshPerRound - done));
      if (judged === 0) return;
      done += judged;
    }
  }
}
