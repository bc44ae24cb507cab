import type { ColumnType } from 'kysely';
import type {
  Appeal,
  ApplicationForm,
  BasketItem,
  ChecklistEntry,
  Decision,
  PermitElements,
  RequestedField,
} from './schemas.js';

type Json<T> = ColumnType<T, string, string>;

/** The two ways to ask for data: an access application (Art 67) or a health data request (Art 69). */
export type Track = 'application' | 'data_request';

/** The case lifecycle of TEHDAS2 D6.4, plus the drafts before submission. */
export type CaseStatus =
  | 'draft'
  | 'expired'
  | 'submitted'
  | 'pre_screening'
  | 'processing'
  | 'awaiting_information'
  | 'decision_issued'
  | 'withdrawn';

export type PermitState = 'active' | 'superseded' | 'revoked' | 'expired';
export type PermitChange = 'granted' | 'amended' | 'renewed';
export type TaskStatus = 'open' | 'in_progress' | 'done';
export type AttachmentKind = 'protocol' | 'ethics_approval' | 'other';

// Type literals, not interfaces: Kysely needs their index signature.
export type AccessTables = {
  access_case: {
    id: string;
    /** Given on submission: the number the public register and the applicant quote. */
    reference: string | null;
    track: Track;
    public_sector: boolean;
    status: CaseStatus;
    /** Where an answered request for information returns the case to. */
    resume_status: CaseStatus | null;
    applicant_user_id: string;
    applicant_organisation_id: string | null;
    title: string;
    purpose: string | null;
    form: Json<ApplicationForm>;
    basket: Json<BasketItem[]>;
    checklist: Json<ChecklistEntry[]>;
    assessor_user_id: string | null;
    decision: Json<Decision | null>;
    decided_by: string | null;
    decided_at: Date | null;
    clock_started_at: Date | null;
    paused_ms: number;
    paused_since: Date | null;
    extended: boolean;
    extension_reason: string | null;
    /** The deadline without the pause running now: what lists sort by (plus that pause). */
    deadline_base: Date | null;
    /** When the clock stopped: the decision or the withdrawal. */
    closed_at: Date | null;
    draft_expires_at: Date | null;
    cloned_from: string | null;
    /** Bumped by every change: what a concurrent writer is checked against. */
    revision: number;
    created_at: ColumnType<Date, Date, never>;
    updated_at: Date;
    submitted_at: Date | null;
  };
  access_case_event: {
    id: string;
    case_id: string;
    at: Date;
    actor_user_id: string | null;
    from_status: CaseStatus | null;
    to_status: CaseStatus;
    note: string | null;
  };
  access_message: {
    id: string;
    case_id: string;
    author_user_id: string;
    author_name: string;
    side: 'applicant' | 'hdab';
    kind: 'message' | 'information_request' | 'information_response';
    body: string;
    fields: Json<RequestedField[]>;
    created_at: Date;
  };
  access_appeal: {
    id: string;
    case_id: string;
    filed_by: string;
    filed_at: Date;
    grounds: string;
    outcome: Appeal['outcome'];
    outcome_note: string | null;
    decided_at: Date | null;
  };
  access_permit: {
    id: string;
    case_id: string;
    permit_number: string;
    version: number;
    previous_id: string | null;
    change: PermitChange;
    state: PermitState;
    elements: Json<PermitElements>;
    valid_from: Date;
    valid_until: Date;
    renewed: boolean;
    issued_at: Date;
    issued_by: string | null;
    ended_at: Date | null;
    end_reason: string | null;
  };
  access_preparation_task: {
    id: string;
    case_id: string;
    permit_id: string | null;
    status: TaskStatus;
    work_order: Json<Record<string, unknown>>;
    created_at: Date;
    updated_at: Date;
    updated_by: string | null;
  };
  access_attachment: {
    id: string;
    case_id: string;
    kind: AttachmentKind;
    filename: string;
    media_type: string;
    size_bytes: number;
    sha256: string;
    content: Uint8Array;
    uploaded_by: string;
    uploaded_at: Date;
  };
  access_opt_out: {
    pseudonym: string;
    opted_out_at: Date;
  };
  access_reminder: {
    key: string;
    kind: string;
    case_id: string | null;
    sent_at: Date;
  };
};
