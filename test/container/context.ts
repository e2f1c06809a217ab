/** What every group of container checks shares: names, images, a scratch folder, and what to undo. */

export interface ContainerTestContext {
  /** The repository's root: the build context. */
  root: string;
  /** The Node 20 image the Dockerfile builds on (its NODE_IMAGE argument). */
  baseImage: string;
  /** The tag the checks build and run. */
  image: string;
  /** The PostgreSQL image the compose stack runs: built here from the base when `buildPostgres`. */
  postgresImage: string;
  buildPostgres: boolean;
  /** The Compose command: ['docker-compose'] or ['docker', 'compose']. */
  compose: string[];
  /** Scratch space, removed at the end. */
  tmp: string;
  /** Unique to this run: in container, volume and project names. */
  runId: string;
  /** `key=value` put on every container and volume the checks make, so they can be found and removed. */
  label: string;
  /** Registers an undo step, run in reverse order at the end whatever happened. */
  onCleanup(step: () => Promise<void>): void;
  /** Figures for the closing lines. */
  facts: { imageMb?: number; baseMb?: number };
}

/** The label's key: containers and volumes of any run of this test carry it. */
export const LABEL_KEY = 'ai-trader.container-test';
