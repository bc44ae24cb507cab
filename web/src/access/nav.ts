import type { NavItem } from '../navigation.js';

/** The access pages and who may open them; `navItems` in navigation.ts places them in the main navigation. */
export const accessNav = {
  applications: {
    path: '/access/applications',
    label: 'nav.accessApplications',
    description: 'nav.accessApplications.description',
    access: ['data_user'],
  },
  dashboard: {
    path: '/access/dashboard',
    label: 'nav.accessDashboard',
    description: 'nav.accessDashboard.description',
    access: ['access_officer'],
  },
  register: {
    path: '/access/register',
    label: 'nav.accessRegister',
    description: 'nav.accessRegister.description',
    access: 'public',
  },
  optOut: {
    path: '/access/opt-out',
    label: 'nav.accessOptOut',
    description: 'nav.accessOptOut.description',
    access: ['access_officer'],
  },
  citizenOptOut: {
    path: '/opt-out',
    label: 'nav.citizenOptOut',
    description: 'nav.citizenOptOut.description',
    // Public: the page signs a citizen in through the citizens' own sign-in, not the staff session.
    access: 'public',
  },
  casePage: {
    path: '/access/cases/:id',
    label: 'nav.accessApplications',
    description: 'nav.accessApplications.description',
    access: ['data_user', 'access_officer'],
  },
} as const satisfies Readonly<Record<string, NavItem>>;
