import type { Me } from './api.js';
import type { MessageKey } from './i18n/index.js';
import type { Role } from './roles.js';
import { accessNav } from './access/nav.js';
import { qualityNav } from './quality/nav.js';
import { workspaceNav } from './workspace/nav.js';

/** Who may open a page: anyone, anyone signed in, or holders of at least one of the roles. */
export type Access = 'public' | 'authenticated' | readonly Role[];

export interface NavItem {
  readonly path: string;
  readonly label: MessageKey;
  /** One sentence for the card on the home page. */
  readonly description: MessageKey;
  readonly access: Access;
}

// The one place that says which pages exist and who sees them: the nav, the home page cards and the route
// guards all read it, so they cannot disagree.
export const navigation = {
  home: { path: '/', label: 'nav.home', description: 'nav.home.description', access: 'public' },
  catalogue: {
    path: '/catalogue',
    label: 'nav.catalogue',
    description: 'nav.catalogue.description',
    access: 'public',
  },
  myDatasets: {
    path: '/catalogue/mine',
    label: 'nav.myDatasets',
    description: 'nav.myDatasets.description',
    access: ['data_holder'],
  },
  catalogueReview: {
    path: '/catalogue/review',
    label: 'nav.catalogueReview',
    description: 'nav.catalogueReview.description',
    access: ['access_officer'],
  },
  deliveries: {
    path: '/deliveries',
    label: 'nav.deliveries',
    description: 'nav.deliveries.description',
    access: ['data_holder', 'data_steward', 'access_officer', 'admin'],
  },
  tokens: {
    path: '/tokens',
    label: 'nav.tokens',
    description: 'nav.tokens.description',
    access: 'authenticated',
  },
  users: {
    path: '/admin/users',
    label: 'nav.users',
    description: 'nav.users.description',
    access: ['admin'],
  },
  organisations: {
    path: '/admin/organisations',
    label: 'nav.organisations',
    description: 'nav.organisations.description',
    access: ['admin'],
  },
  audit: {
    path: '/admin/audit',
    label: 'nav.audit',
    description: 'nav.audit.description',
    access: ['admin'],
  },
} as const satisfies Readonly<Record<string, NavItem>>;

/** The main navigation, in order: finding data, delivering it, applying for it, then the node's own pages. */
export const navItems: readonly NavItem[] = [
  navigation.home,
  navigation.catalogue,
  navigation.myDatasets,
  navigation.catalogueReview,
  navigation.deliveries,
  qualityNav.quality,
  accessNav.applications,
  accessNav.dashboard,
  workspaceNav.workspaces,
  workspaceNav.outputChecks,
  accessNav.optOut,
  accessNav.register,
  accessNav.citizenOptOut,
  navigation.tokens,
  navigation.users,
  navigation.organisations,
  navigation.audit,
];

export const canAccess = (access: Access, user: Me | null): boolean => {
  if (access === 'public') return true;
  if (user === null) return false;
  if (access === 'authenticated') return true;
  return access.some((role) => user.roles.includes(role));
};

export const visibleItems = (user: Me | null): NavItem[] =>
  navItems.filter((item) => canAccess(item.access, user));
