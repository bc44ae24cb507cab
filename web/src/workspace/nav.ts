import type { NavItem } from '../navigation.js';

/**
 * The secure processing environment's pages and who may open them; `navItems` in navigation.ts places the
 * first and the checks in the main navigation. The server decides, per workspace, whether a permit names the
 * user; these rules only keep pages away from roles that could never use them.
 */
export const workspaceNav = {
  workspaces: {
    path: '/workspaces',
    label: 'nav.workspaces',
    description: 'nav.workspaces.description',
    access: ['data_user', 'data_steward', 'output_checker', 'admin'],
  },
  workspace: {
    path: '/workspaces/:id',
    label: 'nav.workspaces',
    description: 'nav.workspaces.description',
    access: ['data_user'],
  },
  outputChecks: {
    path: '/output-checks',
    label: 'nav.outputChecks',
    description: 'nav.outputChecks.description',
    access: ['output_checker'],
  },
  outputCheck: {
    path: '/output-checks/:id',
    label: 'nav.outputChecks',
    description: 'nav.outputChecks.description',
    access: ['output_checker'],
  },
} as const satisfies Readonly<Record<string, NavItem>>;

export const workspacePath = (workspaceId: string, tab?: string): string =>
  `/workspaces/${encodeURIComponent(workspaceId)}${tab === undefined ? '' : `?tab=${tab}`}`;
export const outputCheckPath = (requestId: string): string =>
  `/output-checks/${encodeURIComponent(requestId)}`;
