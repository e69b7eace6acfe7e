import { supportAbout, writeSupportBundle } from '../support/bundle';
import type { Handlers } from './handler';

export const supportHandlers: Handlers<'support.about' | 'support.bundle'> = {
  'support.about': (_p, ctx) => supportAbout(ctx),
  'support.bundle': (_p, ctx) => writeSupportBundle(ctx),
};
