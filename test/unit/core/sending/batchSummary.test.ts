import { BatchTally } from '../../../../core/sending/batchSummary';

describe('BatchTally', () => {
	it('counts outcomes, error codes and retries', () => {
		const tally = new BatchTally();
		tally.add('sent', { attempts: 1 });
		tally.add('sent', { attempts: 3 });
		tally.add('failed', { errorCode: 131047, attempts: 1 });
		tally.add('failed', { errorCode: 130429, attempts: 5 });
		tally.add('failed', { errorCode: 131047, attempts: 1 });
		tally.add('skipped', { attempts: 0 });
		tally.add('unknown', { attempts: 1 });
		expect(tally.summary(1_000, 3_000)).toEqual({
			sent: 2,
			failed: 3,
			skipped: 1,
			unknown: 1,
			total: 7,
			byErrorCode: { '131047': 2, '130429': 1 },
			retries: 6,
			durationMs: 2_000,
			messagesPerSecond: 1,
		});
	});

	it('gives the achieved rate of sent messages to two decimals', () => {
		const tally = new BatchTally();
		for (let index = 0; index < 2_000; index += 1) tally.add('sent', { attempts: 1 });
		tally.add('failed', { errorCode: 100, attempts: 1 });
		expect(tally.summary(0, 25_300).messagesPerSecond).toBe(79.05);
	});

	it('reports a rate of 0 for an empty or instant batch', () => {
		expect(new BatchTally().summary(5, 5)).toMatchObject({ total: 0, messagesPerSecond: 0, durationMs: 0, byErrorCode: {} });
		const tally = new BatchTally();
		tally.add('sent', { attempts: 1 });
		expect(tally.summary(10, 10).messagesPerSecond).toBe(0);
	});

	it('returns a summary that later additions do not change', () => {
		const tally = new BatchTally();
		tally.add('failed', { errorCode: 131050, attempts: 1 });
		const first = tally.summary(0, 1_000);
		tally.add('failed', { errorCode: 131050, attempts: 1 });
		expect(first.byErrorCode).toEqual({ '131050': 1 });
		expect(tally.summary(0, 1_000).byErrorCode).toEqual({ '131050': 2 });
	});
});
