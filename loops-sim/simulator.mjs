// The simulator's whole state: effective config, clock, seeded RNG and IDs,
// rate limiter, fault rules, request log and one data set per team.
import { DEFAULT_CONFIG, configProblem, deepMerge, indexTeams } from './config.mjs';
import { createClock } from './clock.mjs';
import { createFaults } from './faults.mjs';
import { createRandom } from './random.mjs';
import { createRateLimiter } from './ratelimit.mjs';
import { createRequestLog } from './request-log.mjs';
import { seedTeam } from './seed.mjs';
import { createTeamState } from './team-state.mjs';

export function createSimulator({ config: patch = {}, seed: seedData = null } = {}) {
  const startConfig = deepMerge(DEFAULT_CONFIG, patch);
  const problem = configProblem(startConfig);
  if (problem) throw new Error(`Invalid simulator config: ${problem}`);

  let random = createRandom(startConfig.seed);
  const sim = {
    config: startConfig,
    baseUrl: '',
    clock: createClock(),
    limiter: createRateLimiter(),
    faults: createFaults(() => random.next()),
    log: createRequestLog(),
    teams: new Map(), // teamName -> team state
    teamsByKey: null,
    teamsByName: null,

    /** The named team's data, created on first use; null for an unconfigured team. */
    teamState(name) {
      if (!sim.teamsByName.has(name)) return null;
      if (!sim.teams.has(name)) {
        sim.teams.set(name, createTeamState({ newId: () => random.newId(), now: () => sim.clock.now(), normalizeEmail }));
      }
      return sim.teams.get(name);
    },

    /** Deep-merge a patch into the effective config; returns an error message or null. */
    updateConfig(configPatch) {
      const next = deepMerge(sim.config, configPatch);
      const err = configProblem(next);
      if (err) return err;
      applyConfig(next);
      return null;
    },

    /** Wipe all state: data, counters, keys, faults, log, clock; IDs restart from the seed. */
    reset({ config: restoreConfig = false } = {}) {
      if (restoreConfig) applyConfig(startConfig);
      random = createRandom(sim.config.seed);
      sim.teams.clear();
      sim.limiter.reset();
      sim.faults.clear();
      sim.log.reset();
      sim.clock.reset();
      if (seedData) sim.seed(seedData);
    },

    /** data.team picks the team (default: the first configured one). */
    seed(data) {
      const name = data.team ?? sim.config.teams[0].teamName;
      const team = sim.teamState(name);
      if (!team) return { error: `unknown team "${name}"` };
      return seedTeam(team, data, { newId: () => random.newId(), cfg: sim.config, now: sim.clock.now() });
    },

    /** Body reads stop storing bytes past the largest limit (they are still counted). */
    bodyCap: () => Math.max(sim.config.maxBodyBytes, sim.config.maxTransactionalBodyBytes) + 1,
  };

  function normalizeEmail(email) {
    return sim.config.emailCaseInsensitive ? email.toLowerCase() : email;
  }

  function applyConfig(next) {
    const caseChanged = next.emailCaseInsensitive !== sim.config.emailCaseInsensitive;
    sim.config = next;
    ({ byKey: sim.teamsByKey, byName: sim.teamsByName } = indexTeams(next));
    if (caseChanged) for (const team of sim.teams.values()) team.reindex(normalizeEmail);
  }

  applyConfig(startConfig);
  if (seedData) {
    const result = sim.seed(seedData);
    if (result.error) throw new Error(`Invalid seed data: ${result.error}`);
  }
  return sim;
}
