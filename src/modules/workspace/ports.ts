/**
 * What the workspace needs from the parts that do the work: the lake builds the extract and runs the SQL
 * console, the sandbox runs Python and R, The service speaks to these ports; `engines.ts` binds them to
 * the real modules. The airlock's disclosure rules are pure functions and are called directly.
 */

export interface ExtractRequest {
  readonly permitId: string;
  /** The permit's work order: datasets with their variables, period, cohort criteria. */
  readonly order: Readonly<Record<string, unknown>>;
  /** Pseudonyms the opt-out register excludes for this permit (Art 71). */
  readonly optedOut: ReadonlySet<string>;
  /** Per-permit secret: person ids re-keyed with it, dates shifted by it. */
  readonly secret: Buffer;
  readonly outDir: string;
}

export interface ExtractBuilder {
  build(request: ExtractRequest): Promise<Record<string, unknown>>;
}

export interface ConsoleResult {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly rows: readonly (readonly unknown[])[];
  readonly rowCount: number;
  readonly truncated: boolean;
  readonly elapsedMs: number;
}

export interface SqlConsoles {
  /** Runs one statement over the extract in `extractDir` alone; refusals are AppErrors with a reason. */
  query(extractDir: string, sql: string): Promise<ConsoleResult>;
}

export interface JobOutcome {
  readonly status: 'succeeded' | 'failed' | 'timed_out' | 'killed_memory' | 'killed_limit';
  readonly exitCode: number | null;
  readonly durationMs: number;
  readonly message: string;
  readonly logTail: string;
  readonly outputs: readonly string[];
}

export interface JobRunner {
  /** Why jobs cannot run here (a missing interpreter or bwrap), or null when they can. */
  unavailable(language: 'python' | 'r'): Promise<string | null>;
  run(job: {
    readonly language: 'python' | 'r';
    readonly script: string;
    readonly extractDir: string;
    readonly workDir: string;
  }): Promise<JobOutcome>;
}
