import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  appendLeaf,
  emptyFrontier,
  frontierRoot,
  inclusionProof,
  leafHash,
  merkleRoot,
  nodeHash,
  verifyInclusion,
} from './merkle.js';

const h = (s: string): string => createHash('sha256').update(s).digest('hex');
const leaves = (n: number): string[] => Array.from({ length: n }, (_, i) => leafHash(h(`event ${i}`)));

describe('RFC 6962 Merkle tree', () => {
  it('hashes the empty tree as SHA-256 of nothing', () => {
    expect(merkleRoot([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('splits at the largest power of two below n, as the RFC defines', () => {
    const l = leaves(5);
    const expected = nodeHash(nodeHash(nodeHash(l[0]!, l[1]!), nodeHash(l[2]!, l[3]!)), l[4]!);
    expect(merkleRoot(l)).toBe(expected);
  });

  it('gives the same root incrementally as from scratch, at every size', () => {
    const l = leaves(70);
    let f = emptyFrontier;
    for (let i = 0; i < l.length; i++) {
      f = appendLeaf(f, l[i]!);
      expect(frontierRoot(f)).toBe(merkleRoot(l.slice(0, i + 1)));
    }
  });

  it('proves the inclusion of every leaf and rejects a wrong leaf, index or root', () => {
    for (const n of [1, 2, 3, 7, 8, 13, 32, 33]) {
      const l = leaves(n);
      const root = merkleRoot(l);
      for (let m = 0; m < n; m++) {
        const proof = inclusionProof(l, m);
        expect(verifyInclusion(l[m]!, m, n, proof, root)).toBe(true);
        expect(verifyInclusion(leafHash(h('forged')), m, n, proof, root)).toBe(false);
        if (n > 1) expect(verifyInclusion(l[m]!, (m + 1) % n, n, proof, root)).toBe(false);
        expect(verifyInclusion(l[m]!, m, n, proof, h('other root'))).toBe(false);
      }
    }
  });
});
