import { describe, expect, it } from 'vitest';
import { PORTAL_ID, sdkClient, startSandbox } from './helpers.js';

// Measures heap use for a million contacts and a 100,000-member list. Run with
// SANDBOX_MEMORY_TEST=1 (and ideally node --expose-gc for steadier numbers).
const enabled = process.env['SANDBOX_MEMORY_TEST'] === '1';

function heapMegabytes(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

describe.skipIf(!enabled)('memory', () => {
  it('sandbox holds a million contacts and a 100,000-member list', async () => {
    const sandbox = await startSandbox();
    const before = heapMegabytes();

    sandbox.admin.addContacts(PORTAL_ID, { generate: 900_000 });
    const list = sandbox.admin.addList(PORTAL_ID, { name: 'Hundred thousand', generate: 100_000 });
    const afterGenerated = heapMegabytes();

    const page = await sdkClient(sandbox).crm.lists.membershipsApi.getPage(
      list.listId,
      undefined,
      undefined,
      250,
    );
    const explicit = sandbox.admin.addContacts(PORTAL_ID, {
      contacts: Array.from({ length: 100_000 }, (_, index) => ({
        email: `explicit-${index}@example.com`,
        firstname: 'Explicit',
      })),
    });
    const afterExplicit = heapMegabytes();

    console.log(
      JSON.stringify({
        generatedContactsAndListMb: Math.round(afterGenerated - before),
        hundredThousandExplicitContactsMb: Math.round(afterExplicit - afterGenerated),
      }),
    );
    expect(sandbox.admin.portal(PORTAL_ID).contactCount).toBe(1_100_000);
    expect(page.total).toBe(100_000);
    expect(explicit.ids).toHaveLength(100_000);
    expect(afterGenerated - before).toBeLessThan(200);
  }, 120_000);
});
