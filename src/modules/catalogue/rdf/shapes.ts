import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Quad, Term } from '@rdfjs/types';
import { DataFactory, Parser } from 'n3';
import type { AccessLevel } from '../record.js';
import { owl, sh } from './namespaces.js';
import { subclassAxioms, subClassOf } from './ontology-stubs.js';
import { termKey } from './terms.js';
import { readValidatorConfig } from './validator-config.js';

/**
 * The shapes graph of one access level, assembled as the official validator assembles it: the files its
 * config lists for that level, then, recursively, what their owl:imports point at through the config's
 * import mapping (the DCAT-AP 3.0.0 shapes, ranges and recommended shapes come in that way). Imports that
 * are vocabularies go to the data side (vocabularies.ts); imports the snapshot does not ship are listed.
 */

export interface ArtefactLocations {
  /** The HealthDCAT-AP Release 8 artefacts (…/healthdcat-ap-r8). */
  readonly artefactsDir: string;
  /** The DCAT-AP 3.0.0 artefacts (…/dcat-ap-3); by default the sibling of artefactsDir. */
  readonly dcatApDir?: string;
}

export interface ShapesGraph {
  readonly quads: readonly Quad[];
  /** By termKey of a shape (node or property shape), the files that define it. */
  readonly sources: ReadonlyMap<string, readonly string[]>;
  /** By termKey of a property shape, the node shape that has it as sh:property. */
  readonly parents: ReadonlyMap<string, Term>;
  /** Shape files loaded, as paths relative to the shared data folder. */
  readonly loaded: readonly string[];
  /** Config entries and owl:imports that the artefacts do not ship. */
  readonly missing: readonly string[];
  /** owl:imports of shipped vocabularies (validator/catalogue/*.rdf), loaded into the data graph instead. */
  readonly vocabularyImports: readonly string[];
}

const exists = async (file: string): Promise<boolean> => {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
};

// DCAT-AP 3.0.0's shapes.ttl writes `sh:shape` (not a SHACL term) where it means `sh:node`, for
// dct:issued / dct:modified of datasets and catalogue records and for the dates of periods; the same
// constraint on distributions uses sh:node. Read literally, a dataset's dct:issued would never be checked.
const shShape = sh('shape');

const rewrite = (quad: Quad): Quad =>
  quad.predicate.value === shShape
    ? DataFactory.quad(quad.subject, DataFactory.namedNode(sh('node')), quad.object, quad.graph)
    : quad;

export const loadShapesGraph = async (
  locations: ArtefactLocations,
  level: AccessLevel,
): Promise<ShapesGraph> => {
  const artefactsDir = path.resolve(locations.artefactsDir);
  const dcatApDir = path.resolve(locations.dcatApDir ?? path.join(artefactsDir, '..', 'dcat-ap-3'));
  const validatorDir = path.join(artefactsDir, 'validator');
  const sharedDir = path.dirname(artefactsDir);
  const config = await readValidatorConfig(validatorDir);

  const quads: Quad[] = [];
  const sources = new Map<string, string[]>();
  const loaded: string[] = [];
  const missing: string[] = [];
  const vocabularyImports: string[] = [];
  const seen = new Set<string>();

  const load = async (file: string, label: string): Promise<void> => {
    if (seen.has(file)) return;
    seen.add(file);
    const relative = path.relative(sharedDir, file);
    const fileQuads = new Parser({ baseIRI: `file://${file}`, format: 'text/turtle' })
      .parse(await readFile(file, 'utf8'))
      .map(rewrite);
    loaded.push(relative);
    for (const q of fileQuads) {
      quads.push(q);
      if (q.predicate.value.startsWith(sh(''))) {
        const key = termKey(q.subject);
        const files = sources.get(key) ?? [];
        if (!files.includes(relative)) files.push(relative);
        sources.set(key, files);
      }
    }
    if (!config.preloadOwlImports) return;
    for (const q of fileQuads) {
      if (q.predicate.value !== owl('imports')) continue;
      const uri = q.object.value;
      const mapped = config.importMapping.get(uri);
      if (!mapped) {
        missing.push(`${uri} (imported by ${label}, no mapping)`);
        continue;
      }
      if (mapped.endsWith('.rdf')) {
        // RDF/XML imports are the vocabularies (and the FOAF and SPDX ontologies): data-side, not shapes.
        if (await exists(path.join(validatorDir, mapped))) vocabularyImports.push(mapped);
        else if (!missing.some((m) => m.startsWith(uri)))
          missing.push(`${uri} (${mapped}, imported by ${label})`);
        continue;
      }
      const candidates = [
        path.join(validatorDir, mapped),
        path.join(dcatApDir, 'html', 'shacl', path.basename(mapped)),
      ];
      let found: string | undefined;
      for (const candidate of candidates) {
        if (await exists(candidate)) {
          found = candidate;
          break;
        }
      }
      if (found) await load(found, mapped);
      else if (!missing.some((m) => m.startsWith(uri)))
        missing.push(`${uri} (${mapped}, imported by ${label})`);
    }
  };

  for (const file of config.shaclFiles[level]) {
    const absolute = path.join(validatorDir, file);
    if (await exists(absolute)) await load(absolute, file);
    else missing.push(`${file} (listed in config.properties)`);
  }

  for (const [subclass, superclass] of subclassAxioms) {
    quads.push(
      DataFactory.quad(
        DataFactory.namedNode(subclass),
        DataFactory.namedNode(subClassOf),
        DataFactory.namedNode(superclass),
      ),
    );
  }

  const parents = new Map<string, Term>();
  for (const q of quads) if (q.predicate.value === sh('property')) parents.set(termKey(q.object), q.subject);

  return { quads, sources, parents, loaded, missing, vocabularyImports: [...new Set(vocabularyImports)] };
};
