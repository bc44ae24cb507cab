import { randomUUID } from 'node:crypto';
import { systemActor } from '../audit/index.js';
import { demoAccounts, demoOrganisations } from './demo-accounts.js';
import type { IdentityService } from './service.js';

/** Creates the demo organisations and accounts that are missing; running it again changes nothing. */
export async function seedDemoIdentities(identity: IdentityService): Promise<{ created: number }> {
  const context = { actor: systemActor, requestId: `seed-${randomUUID()}`, clientAddress: null };
  let created = 0;
  const orgs = new Map((await identity.organisations()).map((o) => [o.name, o.id]));
  for (const o of demoOrganisations) {
    if (!orgs.has(o.name)) {
      orgs.set(o.name, (await identity.createOrganisation(o, context)).id);
      created++;
    }
  }
  const emails = new Set((await identity.users()).map((u) => u.email));
  for (const a of demoAccounts) {
    if (emails.has(a.email)) continue;
    await identity.createUser(
      {
        displayName: a.displayName,
        email: a.email,
        organisationId: orgs.get(a.organisation),
        roles: a.roles,
      },
      context,
    );
    created++;
  }
  return { created };
}
