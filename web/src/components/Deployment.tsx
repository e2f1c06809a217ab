/**
 * What /health says about the server: DEV mode trades synthetic prices, so every place that shows
 * prices reads this to label them.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { HealthResponse } from '../api/types.js';
import { useApi } from '../api/useApi.js';

export interface DeploymentInfo {
  /** null until /health has answered. */
  devMode: boolean | null;
  health: HealthResponse | null;
}

const DeploymentContext = createContext<DeploymentInfo>({ devMode: null, health: null });

export function DeploymentProvider({ children }: { children: ReactNode }) {
  const health = useApi<HealthResponse>('/health');
  const value: DeploymentInfo =
    health.state === 'ready'
      ? { devMode: health.data.is_dev_mode, health: health.data }
      : { devMode: null, health: null };
  return <DeploymentContext.Provider value={value}>{children}</DeploymentContext.Provider>;
}

export const useDeployment = (): DeploymentInfo => useContext(DeploymentContext);
