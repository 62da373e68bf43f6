import { performance } from 'perf_hooks';
import type { SendPacer } from '../../../state/sendPacer';

/** When each acquire resolved, in ms (sub-millisecond), in the order they resolved. */
export async function releaseTimes(pacers: readonly SendPacer[], phoneNumberId: string, acquiresPerPacer: number): Promise<number[]> {
	const times: number[] = [];
	await Promise.all(
		pacers.flatMap((pacer, pacerIndex) =>
			Array.from({ length: acquiresPerPacer }, (_, index) =>
				pacer.acquire(phoneNumberId, `contact-${pacerIndex}-${index}`).then(() => {
					times.push(performance.now());
				}),
			),
		),
	);
	return times.sort((a, b) => a - b);
}

/** The most releases in any rolling one-second window [t, t + 1000 ms), as the simulator counts arrivals. */
export function mostInAnySecond(sortedTimes: readonly number[]): number {
	let most = 0;
	let first = 0;
	for (let last = 0; last < sortedTimes.length; last++) {
		while (sortedTimes[last] - sortedTimes[first] >= 1_000) first++;
		most = Math.max(most, last - first + 1);
	}
	return most;
}

/** Releases per second from the first release to the last. */
export function achievedRate(sortedTimes: readonly number[]): number {
	return ((sortedTimes.length - 1) * 1_000) / (sortedTimes[sortedTimes.length - 1] - sortedTimes[0]);
}
