import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printedSchema } from '../src/schema/printed.js';

/**
 * The moment of a release: the current schema becomes the one later changes are checked against
 * (test/schema/contract.test.ts), and the breaking changes accepted on the way to it are spent.
 */
const released = fileURLToPath(new URL('../schema/released.graphql', import.meta.url));
const accepted = fileURLToPath(new URL('../schema/accepted-breaking-changes.json', import.meta.url));

writeFileSync(released, printedSchema());
writeFileSync(accepted, '[]\n');
console.log(`wrote ${released}; emptied ${accepted}`);
