import type { RemoteDocument, Url } from 'jsonld/jsonld-spec.js';

/**
 * A JSON-LD document loader that never touches the network: a node parsing an upload must not fetch
 * whatever URL the upload names (that is both a leak and an SSRF). Only contexts we hold locally,
 * keyed by the URL documents use for them, are resolved; any other remote context is refused with a
 * message that says how to fix the document.
 *
 * The HealthDCAT-AP Release 8 artefacts ship no JSON-LD context (their `context/` folder holds the
 * cardinality rules), so the default is to resolve none.
 */
export type JsonLdContexts = ReadonlyMap<string, unknown>;

export class RemoteContextRefused extends Error {
  constructor(readonly url: string) {
    super(
      `the document refers to the remote JSON-LD context <${url}>, which Salus does not fetch; ` +
        'put the context inline ("@context": { … }) or send Turtle or RDF/XML',
    );
    this.name = 'RemoteContextRefused';
  }
}

export const localDocumentLoader =
  (contexts: JsonLdContexts = new Map()) =>
  (url: Url): Promise<RemoteDocument> => {
    const document = contexts.get(url);
    if (document === undefined) return Promise.reject(new RemoteContextRefused(url));
    return Promise.resolve({ contextUrl: undefined, documentUrl: url, document } as RemoteDocument);
  };
