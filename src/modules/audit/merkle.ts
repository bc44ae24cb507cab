import { createHash } from 'node:crypto';

/**
 * RFC 6962 (Certificate Transparency) Merkle tree hashing over the audit chain: a checkpoint publishes the
 * root of the first n events, and an inclusion proof shows that one event is among them without revealing
 * the others. Hashes are lower-case hex strings.
 */

const sha256 = (...parts: Buffer[]): string =>
  createHash('sha256').update(Buffer.concat(parts)).digest('hex');
const leafPrefix = Buffer.from([0]);
const nodePrefix = Buffer.from([1]);

export const leafHash = (eventHash: string): string => sha256(leafPrefix, Buffer.from(eventHash, 'hex'));
export const nodeHash = (left: string, right: string): string =>
  sha256(nodePrefix, Buffer.from(left, 'hex'), Buffer.from(right, 'hex'));

/** The RFC 6962 hash of the empty tree. */
export const emptyRoot = sha256();

/**
 * The frontier of a tree: the roots of its perfect subtrees, largest first (one per 1-bit of its size).
 * Appending a leaf and computing the root are O(log n), so checkpoints cost nothing as the log grows.
 */
export interface Frontier {
  readonly size: number;
  readonly nodes: readonly string[];
}

export const emptyFrontier: Frontier = { size: 0, nodes: [] };

export function appendLeaf(frontier: Frontier, leaf: string): Frontier {
  const nodes = [...frontier.nodes];
  let carry = leaf;
  let size = frontier.size;
  // Each trailing 1-bit of the old size is a perfect subtree the new leaf completes.
  while ((size & 1) === 1) {
    const left = nodes.pop();
    if (left === undefined) throw new Error('frontier does not match its size');
    carry = nodeHash(left, carry);
    size = Math.floor(size / 2);
  }
  nodes.push(carry);
  return { size: frontier.size + 1, nodes };
}

export function frontierRoot(frontier: Frontier): string {
  const nodes = frontier.nodes;
  if (nodes.length === 0) return emptyRoot;
  let root = nodes[nodes.length - 1] as string;
  for (let i = nodes.length - 2; i >= 0; i--) root = nodeHash(nodes[i] as string, root);
  return root;
}

/** MTH(D[n]) of RFC 6962 §2.1 over leaf hashes. */
export function merkleRoot(leaves: readonly string[]): string {
  let f = emptyFrontier;
  for (const l of leaves) f = appendLeaf(f, l);
  return frontierRoot(f);
}

const largestPowerOfTwoBelow = (n: number): number => 2 ** Math.floor(Math.log2(n - 1));

/** PATH(m, D[n]) of RFC 6962 §2.1.1: the audit path of leaf m (0-based) in the tree of these leaves. */
export function inclusionProof(leaves: readonly string[], m: number): string[] {
  if (m < 0 || m >= leaves.length) throw new RangeError(`leaf ${m} is not in a tree of ${leaves.length}`);
  if (leaves.length === 1) return [];
  const k = largestPowerOfTwoBelow(leaves.length);
  return m < k
    ? [...inclusionProof(leaves.slice(0, k), m), merkleRoot(leaves.slice(k))]
    : [...inclusionProof(leaves.slice(k), m - k), merkleRoot(leaves.slice(0, k))];
}

/** Checks an audit path (RFC 9162 §2.1.3.2): does this leaf at index m of a tree of size n lead to root? */
export function verifyInclusion(
  leaf: string,
  m: number,
  n: number,
  proof: readonly string[],
  root: string,
): boolean {
  if (m < 0 || m >= n) return false;
  let fn = m;
  let sn = n - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if ((fn & 1) === 1 || fn === sn) {
      r = nodeHash(p, r);
      if ((fn & 1) === 0) {
        while ((fn & 1) === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r === root;
}
