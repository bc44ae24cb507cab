import { isoDate } from './calendar.js';
import type { Patient } from './fhir-r4.js';
import { localPatientNumber, nationalIdSystem } from './holder.js';
import type { HolderContext } from './holder-context.js';
import type { Identity } from './identities.js';
import type { Life } from './life.js';
import { identifierTypes } from './terminology.js';

/**
 * The Patient each holder keeps. All carry the national identifier and the holder's own patient number;
 * they differ as real registers do: the laboratory keeps no address or phone and does not hear of deaths;
 * the hospital may still have the address from before a move, or a phone number no longer in use.
 */
export function patientResource(ctx: HolderContext, life: Life, identity: Identity, id: string): Patient {
  const { holder } = ctx;
  // The laboratory keeps no contact details and is not told of deaths.
  const phone =
    holder === 'hospital'
      ? (identity.oldPhone ?? identity.phone)
      : holder === 'insurer'
        ? identity.phone
        : null;
  const address =
    holder === 'hospital'
      ? (identity.previousAddress ?? identity.address)
      : holder === 'insurer'
        ? identity.address
        : null;
  const deceased = holder !== 'laboratory' && life.death !== null ? isoDate(life.death) : null;
  return {
    resourceType: 'Patient',
    id,
    meta: { lastUpdated: '' },
    identifier: [
      {
        use: 'official',
        type: identifierTypes.nationalId,
        system: nationalIdSystem,
        value: identity.nationalId,
      },
      {
        use: 'usual',
        type: ctx.profile.patientIdType,
        system: ctx.profile.patientIdSystem,
        value: localPatientNumber(holder, life.index, ctx.patientKey),
      },
    ],
    name: [identity.name],
    ...(phone === null ? {} : { telecom: [phone] }),
    gender: life.sex,
    birthDate: isoDate(life.birth),
    ...(deceased === null ? {} : { deceasedDateTime: deceased }),
    ...(address === null ? {} : { address: [address] }),
    managingOrganization: ctx.organisation,
  };
}
