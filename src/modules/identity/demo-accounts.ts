import type { Role } from '../../platform/auth/index.js';
import type { OrganisationKind } from './tables.js';

/** The demo node's organisations and one account per role; every password is `demo`. */
export const demoOrganisations: readonly { name: string; kind: OrganisationKind; identifier: string }[] = [
  { name: 'National Health Data Access Body', kind: 'hdab', identifier: 'HDAB-DEMO' },
  { name: 'Riverside University Hospital', kind: 'data_holder', identifier: 'DH-HOSPITAL' },
  { name: 'Central Clinical Laboratory', kind: 'data_holder', identifier: 'DH-LAB' },
  { name: 'National Health Insurance Fund', kind: 'data_holder', identifier: 'DH-INSURER' },
  { name: 'Institute for Public Health Research', kind: 'applicant', identifier: 'APP-IPHR' },
];

export interface DemoAccount {
  readonly username: string;
  readonly displayName: string;
  readonly email: string;
  readonly organisation: string;
  readonly roles: readonly Role[];
}

export const demoPassword = 'demo';

export const demoAccounts: readonly DemoAccount[] = [
  {
    username: 'admin',
    displayName: 'Ada Admin',
    email: 'admin@demo.salus.example',
    organisation: 'National Health Data Access Body',
    roles: ['admin'],
  },
  {
    username: 'officer',
    displayName: 'Otto Officer',
    email: 'officer@demo.salus.example',
    organisation: 'National Health Data Access Body',
    roles: ['access_officer'],
  },
  {
    username: 'steward',
    displayName: 'Stella Steward',
    email: 'steward@demo.salus.example',
    organisation: 'National Health Data Access Body',
    roles: ['data_steward'],
  },
  {
    username: 'checker',
    displayName: 'Chen Checker',
    email: 'checker@demo.salus.example',
    organisation: 'National Health Data Access Body',
    roles: ['output_checker'],
  },
  {
    username: 'hospital',
    displayName: 'Hana Hospital',
    email: 'hospital@demo.salus.example',
    organisation: 'Riverside University Hospital',
    roles: ['data_holder'],
  },
  {
    username: 'lab',
    displayName: 'Lars Laboratory',
    email: 'lab@demo.salus.example',
    organisation: 'Central Clinical Laboratory',
    roles: ['data_holder'],
  },
  {
    username: 'insurer',
    displayName: 'Ines Insurer',
    email: 'insurer@demo.salus.example',
    organisation: 'National Health Insurance Fund',
    roles: ['data_holder'],
  },
  {
    username: 'researcher',
    displayName: 'Rosa Researcher',
    email: 'researcher@demo.salus.example',
    organisation: 'Institute for Public Health Research',
    roles: ['data_user'],
  },
  {
    username: 'hdab',
    displayName: 'Hugo HDAB',
    email: 'hdab@demo.salus.example',
    organisation: 'National Health Data Access Body',
    roles: ['access_officer', 'data_steward', 'output_checker'],
  },
];
