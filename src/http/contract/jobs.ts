/** The contract of `/simulate/jobs`: the job list (cancel answers with a job status). */
import { z } from 'zod';
import { JOB_STATUSES } from '../../jobs/lifecycle.js';
import { blankAsAbsent, count, errorResponses, warningsSchema } from './common.js';
import { jobTimesShape } from './simulate.js';

export const jobListQuerySchema = z.object({
  limit: z.preprocess(blankAsAbsent, z.coerce.number().int().min(1).max(100).default(20)),
  offset: z.preprocess(blankAsAbsent, z.coerce.number().int().min(0).default(0)),
  status: z.preprocess(blankAsAbsent, z.enum(JOB_STATUSES).optional()),
});
export type JobListQuery = z.infer<typeof jobListQuerySchema>;

const jobSummarySchema = z.object({
  job_id: z.string(),
  status: z.enum(JOB_STATUSES),
  ...jobTimesShape,
  warnings: warningsSchema,
});
export type JobSummary = z.infer<typeof jobSummarySchema>;

export const jobListResponseSchema = z.object({
  jobs: z.array(jobSummarySchema),
  total: count,
  limit: count,
  offset: count,
});
export type JobListResponse = z.infer<typeof jobListResponseSchema>;

export const jobListResponses = {
  200: jobListResponseSchema.describe('A page of jobs'),
  422: errorResponses[422],
};
