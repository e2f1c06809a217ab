import type { MarketId } from '../core/markets/market.js';
import type { DetailStatus, JobStatus } from './lifecycle.js';

export interface Job {
  jobId: string;
  status: JobStatus;
  /** The market it trades; every model-day of a job is in it. */
  market: MarketId;
  dateRange: string[];
  models: string[];
  createdAt: string;
  startedAt: string | null;
  updatedAt: string;
  completedAt: string | null;
  totalDurationSeconds: number | null;
  error: string | null;
  warnings: string[];
  resumeMode: boolean;
  cancelRequested: boolean;
}

export interface JobDetail {
  date: string;
  model: string;
  status: DetailStatus;
  error: string | null;
  startedAt: string | null;
  completedAt: string | null;
  durationSeconds: number | null;
}

export interface PlannedModelDay {
  date: string;
  model: string;
}

export interface NewJob {
  jobId: string;
  market: MarketId;
  dateRange: string[];
  models: string[];
  request: unknown;
  configSnapshot: unknown;
  resumeMode: boolean;
  warnings: string[];
  createdAt: string;
}

/** A model-day's key among others, `model|date`: one spelling wherever days are matched. */
export const modelDayKey = (day: { model: string; date: string }): string => `${day.model}|${day.date}`;
