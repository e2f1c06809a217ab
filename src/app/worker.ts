/**
 * A job worker without the HTTP API (`ai-trader worker`): claims pending jobs and model-days from
 * the database and runs them, beside any number of other workers and API processes on the same
 * database.
 */
import { createContainer, type AppContainer, type ContainerOptions } from './container.js';

export interface RunningWorker {
  /** This worker's id, as its leases and log lines name it. */
  id: string;
  container: AppContainer;
  /** Stops claiming, lets the work in flight stop, hands its leases back, closes the database. */
  close(): Promise<void>;
}

export async function startWorker(options: Omit<ContainerOptions, 'worker'>): Promise<RunningWorker> {
  // A worker joins a deployment: it never empties a DEV database the API process is using.
  const container = await createContainer({ ...options, worker: true, resetDevData: false });
  const scheduler = container.scheduler;
  try {
    if (!scheduler) throw new Error('the container has no worker');
    await scheduler.start();
  } catch (error) {
    await container.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return { id: scheduler.identity.id, container, close: () => (closing ??= container.close()) };
}
