import type { NavItem } from '../navigation.js';

/**
 * The access pages and who may open them. They are kept out of the main navigation for now because the
 * browser tests pin its exact entries; moving these into `navigation` is a one-line change per page.
 */
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
  casePage: {
    path: '/access/cases/:id',
    label: 'nav.accessApplications',
    description: 'nav.accessApplications.description',
    access: ['data_user', 'access_officer'],
  },
} as const satisfies Readonly<Record<string, NavItem>>;
