/** A validation finding, as the form shows it on its field. */
export interface Finding {
  readonly severity: 'violation' | 'warning' | 'info';
  /** The DatasetRecord field it belongs to, when known. */
  readonly field: string | null;
  /** The property (IRI) the shape constrains. */
  readonly path: string;
  readonly value: string | null;
  readonly message: string;
}

export const violations = (findings: readonly Finding[]): Finding[] =>
  findings.filter((f) => f.severity === 'violation');
