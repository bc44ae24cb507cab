/** The delivery report, as the node's API sends it. */
export interface DeliveryReport {
  readonly deliveryId: string;
  readonly status: 'committed' | 'unchanged' | 'rejected';
  readonly holderId: string;
  readonly receivedAt: string;
  readonly files: readonly { path: string; format: string; bytes: number; sha256: string; note?: string }[];
  readonly rowsPerTable: Readonly<Record<string, number>>;
  readonly skipped: Readonly<Record<string, { count: number; reason: string }>>;
  readonly unmappedCodes: { readonly rows: number; readonly distinctCodes: number };
  readonly rejected: readonly {
    file: string;
    line: number;
    resourceId: string | null;
    path: string;
    reason: string;
  }[];
  readonly rejectedTotal: number;
  readonly resources: number;
  readonly elapsedMs: number;
}

export interface IngestProgress {
  readonly phase: 'checksum' | 'staging' | 'building' | 'committing';
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly resources: number;
}

export type UploadStatus =
  'receiving' | 'queued' | 'ingesting' | 'committed' | 'unchanged' | 'rejected' | 'failed' | 'interrupted';

export interface Upload {
  readonly id: string;
  readonly organisation: { readonly id: string; readonly name: string };
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly status: UploadStatus;
  readonly acceptValidPart: boolean;
  readonly files: readonly { name: string; size: number; received: number }[];
  readonly progress: IngestProgress | null;
  readonly report: DeliveryReport | null;
  readonly error: string | null;
}

export interface Linkage {
  readonly persons: number;
  readonly personsPerHolder: Readonly<Record<string, number>>;
  readonly pairs: readonly { holderA: string; holderB: string; sharedPersons: number }[];
  readonly holderNames: Readonly<Record<string, string>>;
}

export const isRunning = (status: UploadStatus): boolean =>
  status === 'receiving' || status === 'queued' || status === 'ingesting';
