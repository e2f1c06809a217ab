import { describe, expect, it } from 'vitest';
import { type DayLane, runnableDays } from '../../src/jobs/day-lanes.js';

const NOW = '2025-11-01T00:00:10.000Z';
const LIVE = '2025-11-01T00:00:20.000Z';
const EXPIRED = '2025-11-01T00:00:05.000Z';

const lane = (fields: Partial<DayLane> & Pick<DayLane, 'jobId' | 'model' | 'firstDate'>): DayLane => ({
  jobOpen: true,
  jobCreatedAt: '2025-11-01T00:00:00.000Z',
  status: 'pending',
  leaseUntil: null,
  ...fields,
});

describe('runnableDays: which model-days may run now', () => {
  it("offers each model's earliest pending day, oldest job first, then by date and model", () => {
    const days = runnableDays(
      [
        lane({ jobId: 'b', model: 'm1', firstDate: '2025-10-01', jobCreatedAt: '2025-11-01T00:00:01.000Z' }),
        lane({ jobId: 'a', model: 'm2', firstDate: '2025-10-03' }),
        lane({ jobId: 'a', model: 'm3', firstDate: '2025-10-02' }),
      ],
      NOW,
    );
    expect(days).toEqual([
      { jobId: 'a', model: 'm3', date: '2025-10-02' },
      { jobId: 'a', model: 'm2', date: '2025-10-03' },
      { jobId: 'b', model: 'm1', date: '2025-10-01' },
    ]);
  });

  it('holds a model back while one of its days runs under a live lease, in any job', () => {
    const lanes = [
      lane({ jobId: 'a', model: 'm1', firstDate: '2025-10-01', status: 'running', leaseUntil: LIVE }),
      lane({ jobId: 'a', model: 'm1', firstDate: '2025-10-02' }),
      lane({ jobId: 'b', model: 'm2', firstDate: '2025-10-01', status: 'running', leaseUntil: LIVE }),
      lane({ jobId: 'c', model: 'm2', firstDate: '2025-10-01', jobCreatedAt: '2025-10-31T00:00:00.000Z' }),
    ];
    expect(runnableDays(lanes, NOW)).toEqual([]);
  });

  it('keeps a later day waiting behind an earlier one whose worker died, until recovery hands it back', () => {
    const lanes = [
      lane({ jobId: 'a', model: 'm1', firstDate: '2025-10-01', status: 'running', leaseUntil: EXPIRED }),
      lane({ jobId: 'a', model: 'm1', firstDate: '2025-10-02' }),
    ];
    expect(runnableDays(lanes, NOW)).toEqual([]);
  });

  it('gives a model to the oldest job that still has its days, even one not running yet', () => {
    const lanes = [
      lane({ jobId: 'old', model: 'm1', firstDate: '2025-10-05', jobOpen: false }),
      lane({ jobId: 'new', model: 'm1', firstDate: '2025-10-01', jobCreatedAt: '2025-11-01T00:00:01.000Z' }),
      lane({ jobId: 'new', model: 'm2', firstDate: '2025-10-01', jobCreatedAt: '2025-11-01T00:00:01.000Z' }),
    ];
    expect(runnableDays(lanes, NOW)).toEqual([{ jobId: 'new', model: 'm2', date: '2025-10-01' }]);
  });

  it('leaves skipped jobs and excluded models alone, and takes only the models asked for', () => {
    const lanes = [
      lane({ jobId: 'a', model: 'ext', firstDate: '2025-10-01' }),
      lane({ jobId: 'a', model: 'm1', firstDate: '2025-10-01' }),
      lane({ jobId: 'b', model: 'm2', firstDate: '2025-10-01', jobCreatedAt: '2025-11-01T00:00:01.000Z' }),
    ];
    expect(runnableDays(lanes, NOW, { skipJobs: ['a'] }).map((d) => d.model)).toEqual(['m2']);
    expect(runnableDays(lanes, NOW, { exceptModels: ['ext'] }).map((d) => d.model)).toEqual(['m1', 'm2']);
    expect(runnableDays(lanes, NOW, { models: ['ext'] }).map((d) => d.model)).toEqual(['ext']);
  });
});
