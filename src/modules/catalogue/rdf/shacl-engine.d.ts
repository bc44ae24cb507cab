/**
 * Types for the part of shacl-engine (untyped JavaScript) that Salus uses: compile a shapes graph once,
 * validate data graphs, read the results without building the report graph.
 */
declare module 'shacl-engine' {
  import type {
    BlankNode,
    DatasetCore,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    Quad_Graph,
    Quad_Object,
    Quad_Predicate,
    Quad_Subject,
    Term,
  } from '@rdfjs/types';

  /** The RDF/JS factory methods the engine calls (to build results and, on request, the report graph). */
  export interface ShaclFactory {
    namedNode(iri: string): NamedNode;
    blankNode(label?: string): BlankNode;
    literal(value: string, languageOrDatatype?: string | NamedNode): Literal;
    defaultGraph(): DefaultGraph;
    quad(subject: Quad_Subject, predicate: Quad_Predicate, object: Quad_Object, graph?: Quad_Graph): Quad;
    dataset(quads?: Quad[]): DatasetCore;
  }

  /** All the engine asks of a graph: the quads matching a pattern (null or undefined is a wildcard). */
  export interface ShaclDataset {
    match(
      subject?: Term | null,
      predicate?: Term | null,
      object?: Term | null,
      graph?: Term | null,
    ): Iterable<Quad>;
  }

  /** One step of a SHACL path as the engine parses it. */
  export interface ShaclPathStep {
    readonly predicates: readonly Term[];
    readonly start: 'subject' | 'object';
    readonly end: 'subject' | 'object';
    readonly quantifier: 'one' | 'oneOrMore' | 'zeroOrMore' | 'zeroOrOne';
  }

  export interface ShaclPointer {
    readonly term: Term | undefined;
  }

  export interface ShaclShape {
    readonly ptr: ShaclPointer;
    readonly message: readonly Literal[];
  }

  export interface ShaclResult {
    readonly severity: NamedNode;
    readonly focusNode: ShaclPointer;
    readonly path: readonly ShaclPathStep[] | null | undefined;
    readonly value: ShaclPointer | undefined;
    readonly message: readonly Literal[];
    readonly shape: ShaclShape;
    readonly constraintComponent: NamedNode;
    readonly args: Readonly<Record<string, unknown>>;
    /** With the `details` option: the results that made a nested shape (sh:node, sh:or…) fail. */
    readonly results: readonly ShaclResult[];
  }

  export interface ShaclReport {
    readonly conforms: boolean;
    readonly results: readonly ShaclResult[];
  }

  export interface ValidatorOptions {
    readonly factory: ShaclFactory;
    readonly debug?: boolean;
    readonly details?: boolean;
  }

  export class Validator {
    constructor(shapes: ShaclDataset, options: ValidatorOptions);
    validate(data: { dataset: ShaclDataset; terms?: Iterable<Term> }): Promise<ShaclReport>;
  }
}
