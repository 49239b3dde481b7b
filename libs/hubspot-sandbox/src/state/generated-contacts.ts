/**
 * Deterministic contacts that exist only as a numeric id range until one is changed, so a
 * portal can hold millions of them in a few bytes each.
 */

const FIRST_NAMES = [
  'Ada',
  'Alan',
  'Barbara',
  'Brian',
  'Carla',
  'Dennis',
  'Edsger',
  'Frances',
  'Grace',
  'Hedy',
  'Ivan',
  'Jean',
  'Ken',
  'Linus',
  'Margaret',
  'Niklaus',
  'Ole',
  'Peter',
  'Radia',
  'Sophie',
  'Tim',
  'Ursula',
  'Vint',
  'Whitfield',
  'Xavier',
  'Yukihiro',
  'Zeynep',
  'Anita',
  'Bjarne',
  'Claude',
  'Donald',
  'Elena',
  'Fran',
  'Guido',
  'Hal',
  'Irene',
  'John',
  'Katherine',
  'Leslie',
  'Mary',
] as const;

const LAST_NAMES = [
  'Lovelace',
  'Turing',
  'Liskov',
  'Kernighan',
  'Hopper',
  'Ritchie',
  'Dijkstra',
  'Allen',
  'Murray',
  'Lamarr',
  'Sutherland',
  'Sammet',
  'Thompson',
  'Torvalds',
  'Hamilton',
  'Wirth',
  'Dahl',
  'Naur',
  'Perlman',
  'Wilson',
  'Lee',
  'Franklin',
  'Cerf',
  'Diffie',
  'Leroy',
  'Matsumoto',
  'Tufekci',
  'Borg',
  'Stroustrup',
  'Shannon',
  'Knuth',
  'Nikolaidou',
  'Bilas',
  'Rossum',
  'Abelson',
  'Greif',
  'Backus',
  'Johnson',
  'Lamport',
  'Shaw',
] as const;

/** One range of generated contacts. */
export interface GeneratedBlock {
  /** 1-based number of the block within its portal; part of every generated email. */
  block: number;
  firstId: number;
  count: number;
  domain: string;
  createdAt: number;
  /** Extra properties every contact of the block has. */
  properties: Readonly<Record<string, string>>;
}

/** Returns the stored properties of the contact at 0-based `index` of a block. */
export function generatedProperties(block: GeneratedBlock, index: number): Record<string, string> {
  const firstname = FIRST_NAMES[index % FIRST_NAMES.length] ?? 'Ada';
  const lastname = LAST_NAMES[Math.floor(index / FIRST_NAMES.length) % LAST_NAMES.length] ?? 'Lovelace';
  const email = `${firstname}.${lastname}.${block.block}.${index + 1}@${block.domain}`.toLowerCase();
  return { ...block.properties, email, firstname, lastname };
}

const GENERATED_EMAIL = /^([a-z]+)\.([a-z]+)\.(\d+)\.(\d+)@(.+)$/;

/**
 * Returns the record id a generated email belongs to, or undefined when the address does not
 * follow the generated pattern of one of `blocks`.
 */
export function idOfGeneratedEmail(blocks: readonly GeneratedBlock[], email: string): number | undefined {
  const match = GENERATED_EMAIL.exec(email);
  if (match === null) return undefined;
  const block = blocks[Number(match[3]) - 1];
  const index = Number(match[4]) - 1;
  if (block === undefined || index < 0 || index >= block.count || match[5] !== block.domain) return undefined;
  if (generatedProperties(block, index).email !== email) return undefined;
  return block.firstId + index;
}
