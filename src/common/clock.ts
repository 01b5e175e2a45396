import { Injectable } from '@nestjs/common';

/**
 * The time as rules that depend on today see it (what is overdue). A provider, so a test can
 * fix the day it runs on instead of waiting for one to pass.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
