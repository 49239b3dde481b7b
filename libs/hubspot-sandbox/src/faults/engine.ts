import { faultRuleSchema, compilePathPattern, trimTrailingSlash } from './rules.js';
import type { DropEffect, FaultRule, FaultRuleInput, StatusEffect, TimeoutEffect } from './rules.js';

/** Effects of the configured faults on one call. */
export interface FaultDecision {
  /** Delay before the call is processed, in milliseconds (latency rules add up). */
  latencyMs: number;
  /** The first matching status, timeout or drop fault. */
  outcome?: StatusEffect | TimeoutEffect | DropEffect;
  /** Inputs that batch handlers must report as failed. */
  forcedFailures: Set<string>;
  /** Ids of the rules that fired, for the request log. */
  ruleIds: string[];
}

export interface FaultTarget {
  method: string;
  path: string;
  portalId?: number;
}

interface CompiledRule {
  rule: FaultRule;
  path?: RegExp;
  methods?: string[];
  remaining?: number;
}

/** Mulberry32: a small seeded generator, so a fault run can be repeated exactly. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** Configured fault rules and the seeded generator that decides which calls they hit. */
export class FaultEngine {
  private rules: CompiledRule[] = [];
  private random: () => number;
  private nextRuleNumber = 1;

  constructor(private seed = 1) {
    this.random = seededRandom(seed);
  }

  /** Validates and adds a rule; returns it with its id (generated when absent). */
  add(input: FaultRuleInput): FaultRule {
    const parsed = faultRuleSchema.parse(input);
    const rule: FaultRule = { ...parsed, id: parsed.id ?? `fault-${this.nextRuleNumber++}` };
    this.rules = this.rules.filter((existing) => existing.rule.id !== rule.id);
    const methods = rule.match?.method;
    this.rules.push({
      rule,
      path: rule.match?.path === undefined ? undefined : compilePathPattern(rule.match.path),
      methods:
        methods === undefined
          ? undefined
          : (Array.isArray(methods) ? methods : [methods]).map((m) => m.toUpperCase()),
      remaining: rule.times,
    });
    return rule;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((existing) => existing.rule.id !== id);
    return this.rules.length < before;
  }

  /** Rules still active, with `times` showing the calls left for one-shot rules. */
  list(): FaultRule[] {
    return this.rules.map((entry) => ({
      ...entry.rule,
      ...(entry.remaining === undefined ? {} : { times: entry.remaining }),
    }));
  }

  /** Removes every rule and restarts the generator from `seed` (the current seed by default). */
  clear(seed = this.seed): void {
    this.rules = [];
    this.seed = seed;
    this.random = seededRandom(seed);
  }

  decide(target: FaultTarget): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, forcedFailures: new Set(), ruleIds: [] };
    const path = trimTrailingSlash(target.path);
    for (const entry of [...this.rules]) {
      if (!this.matches(entry, target.method.toUpperCase(), path, target.portalId)) continue;
      const effect = entry.rule.effect;
      // A later status, timeout or drop rule cannot fire once one has, so it keeps its budget.
      const isOutcome = effect.type === 'status' || effect.type === 'timeout' || effect.type === 'drop';
      if (isOutcome && decision.outcome !== undefined) continue;
      if (entry.rule.rate < 1 && this.random() >= entry.rule.rate) continue;

      this.consume(entry);
      decision.ruleIds.push(entry.rule.id);
      if (effect.type === 'latency') decision.latencyMs += this.latency(effect);
      else if (effect.type === 'partialFailure')
        effect.inputs.forEach((input) => decision.forcedFailures.add(input));
      else decision.outcome = effect;
    }
    return decision;
  }

  private matches(entry: CompiledRule, method: string, path: string, portalId: number | undefined): boolean {
    if (entry.methods !== undefined && !entry.methods.includes(method)) return false;
    if (entry.path !== undefined && !entry.path.test(path)) return false;
    const expectedPortal = entry.rule.match?.portalId;
    return expectedPortal === undefined || expectedPortal === portalId;
  }

  private consume(entry: CompiledRule): void {
    if (entry.remaining === undefined) return;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.rules = this.rules.filter((other) => other !== entry);
  }

  private latency(effect: { ms?: number; minMs?: number; maxMs?: number }): number {
    if (effect.ms !== undefined) return effect.ms;
    const min = effect.minMs ?? 0;
    const max = effect.maxMs ?? min;
    return Math.round(min + this.random() * (max - min));
  }
}
