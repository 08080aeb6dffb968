/**
 * The full mesh of MessageChannels that joins n ranks pairwise.
 *
 * @module
 */

/**
 * Creates one MessageChannel per pair of ranks; `mesh[rank][peer]` is the
 * port rank `rank` uses to reach `peer` (null on the diagonal). One channel
 * per pair — not one per rank routed through the parent — is what gives each
 * pair its own FIFO order without a relay hop.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { closeMesh, createMesh } from "./mesh.ts";
 *
 * const mesh = createMesh(3);
 * assertEquals(mesh[1][1], null);
 * assertEquals(mesh.flat().filter((p) => p !== null).length, 6);
 * closeMesh(mesh);
 * ```
 */
export function createMesh(size: number): (MessagePort | null)[][] {
  if (!Number.isInteger(size) || size < 1 || size > 256) {
    throw new RangeError(
      `Número de procesos inválido (${size}): debe estar entre 1 y 256`,
    );
  }
  const mesh: (MessagePort | null)[][] = Array.from(
    { length: size },
    () => Array.from({ length: size }, () => null),
  );
  for (let a = 0; a < size; a++) {
    for (let b = a + 1; b < size; b++) {
      const channel = new MessageChannel();
      mesh[a][b] = channel.port1;
      mesh[b][a] = channel.port2;
    }
  }
  return mesh;
}

/**
 * Closes every port of a mesh (those not transferred elsewhere).
 *
 * @example
 * ```ts
 * import { closeMesh, createMesh } from "./mesh.ts";
 *
 * closeMesh(createMesh(2));
 * ```
 */
export function closeMesh(mesh: (MessagePort | null)[][]): void {
  for (const row of mesh) for (const port of row) port?.close();
}
