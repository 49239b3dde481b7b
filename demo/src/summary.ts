import type { ExpectedParticipation } from './booking-stream.js';
import type { ParticipationStates, SandboxFigures } from './hubspot-readback.js';

/** Final comparison for one Oniva event. */
export interface EventResult {
  eventId: string;
  name: string;
  expected: ExpectedParticipation[];
  states: ParticipationStates;
  mismatches: ExpectedParticipation[];
}

const STATES = ['REGISTERED', 'ATTENDED', 'CANCELLED', 'NO_SHOW'];

/** Prints the per-event summary and the HubSpot call figures; returns true when nothing differs. */
export function printSummary(input: {
  results: EventResult[];
  figures: SandboxFigures;
  bookings: number;
  elapsedMs: number;
}): boolean {
  console.log('\nWhat arrived in HubSpot (read back through the public marketing-event paths):\n');
  const header = ['Oniva event', 'marketing event name', ...STATES, 'expected', 'differences'];
  const rows = input.results.map((result) => {
    const counts = STATES.map(
      (state) => [...result.states.values()].filter((value) => value === state).length,
    );
    return [
      result.eventId,
      result.name,
      ...counts.map(String),
      String(result.expected.length),
      String(result.mismatches.length),
    ];
  });
  printTable([header, ...rows]);

  const { figures } = input;
  const perThousand = (figures.totalCalls / input.bookings) * 1000;
  console.log(
    `\nHubSpot calls made by the connector: ${figures.totalCalls} for ${input.bookings} booking records (${perThousand.toFixed(1)} per 1,000)`,
  );
  for (const [endpoint, count] of Object.entries(figures.callsByEndpoint).sort((a, b) => b[1] - a[1])) {
    console.log(`  ${String(count).padStart(6)}  ${endpoint}`);
  }
  console.log(
    `429 responses: ${figures.rateLimited}; most calls in any 10-second window: ${figures.maxCallsInWindow}`,
  );
  console.log(`Contacts in the portal: ${figures.contactCount}`);
  console.log(`Converged in ${(input.elapsedMs / 1000).toFixed(1)} s after the stream was produced.`);

  const mismatches = input.results.flatMap((result) =>
    result.mismatches.map((m) => ({ ...m, actual: result.states.get(m.email) })),
  );
  if (mismatches.length === 0) {
    console.log('\nResult: every participant is in HubSpot with its latest status.');
    return true;
  }
  console.log(
    `\nResult: ${mismatches.length} participants differ from their latest Oniva status, for example:`,
  );
  for (const mismatch of mismatches.slice(0, 10)) {
    console.log(
      `  ${mismatch.eventId} ${mismatch.email}: expected ${mismatch.state}, HubSpot has ${mismatch.actual ?? 'nothing'}`,
    );
  }
  return false;
}

function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const [index, row] of rows.entries()) {
    console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  '));
    if (index === 0) console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  }
}
