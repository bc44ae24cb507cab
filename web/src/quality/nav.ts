import type { Me } from '../api.js';
import type { NavItem } from '../navigation.js';

/** The quality pages and who may open them; `navItems` in navigation.ts places them in the main navigation. */
export const qualityNav = {
  quality: {
    path: '/quality',
    label: 'nav.quality',
    description: 'nav.quality.description',
    access: ['data_holder', 'data_steward', 'access_officer', 'admin'],
  },
  dashboard: {
    path: '/quality/datasets/:id',
    label: 'nav.quality',
    description: 'nav.quality.description',
    access: ['data_holder', 'data_steward', 'access_officer', 'admin'],
  },
} as const satisfies Readonly<Record<string, NavItem>>;

/** The HDAB's staff follow every dataset's quality (a holder, its own: see the dataset's `canEdit`). */
export const canSeeQuality = (user: Me | null): boolean =>
  user?.roles.some((r) => r === 'data_steward' || r === 'access_officer' || r === 'admin') === true;
