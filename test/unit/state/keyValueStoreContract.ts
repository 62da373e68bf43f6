/**
 * What every store backend promises through `KeyValueStore` (and the `close` the package calls on it), as
 * one suite: a backend's test file runs it with `keyValueStoreContract('Name', backend)`, and keeps in its
 * own tests only what belongs to that backend (its file, its protocol, its connection settings).
 */
import type { KeyValueStore } from '../../../core/keyValueStore';

export type ClosableKeyValueStore = KeyValueStore & { close(): Promise<void> };

export interface KeyValueStoreBackend {
	/** A new store, empty and apart from every other store the suite opens; the suite closes it. */
	open: () => Promise<ClosableKeyValueStore>;
	/**
	 * Only for backends several n8n processes share: another store on the same data as `store`, as a
	 * second process would open it. The suite closes it.
	 */
	openSharing?: (store: ClosableKeyValueStore) => Promise<ClosableKeyValueStore>;
	/** Lets time pass as the backend's stores see it: a fake clock moves on, a real one is waited out. */
	passTime: (ms: number) => Promise<void>;
	/**
	 * The time to live the expiry checks give keys, and how far from it a store may expire them: 0 on a
	 * fake clock, which must expire a key exactly at its time to live; on a real clock, enough for the
	 * round trips between the calls.
	 */
	expiry: { ttlMs: number; slackMs: number };
}

const MINUTE = 60_000;

export function keyValueStoreContract(name: string, backend: KeyValueStoreBackend): void {
	describe(`${name} keeps the KeyValueStore contract`, () => {
		const opened: ClosableKeyValueStore[] = [];
		const { ttlMs, slackMs } = backend.expiry;

		async function open(): Promise<ClosableKeyValueStore> {
			const store = await backend.open();
			opened.push(store);
			return store;
		}

		/** Just before a key set now with `ttl` may expire, then just after it must have: call in turn. */
		const passAlmost = (ttl: number) => backend.passTime(ttl - slackMs - 1);
		const passTheRest = () => backend.passTime(1 + 2 * slackMs);

		afterEach(async () => {
			await Promise.all(opened.splice(0).map((store) => store.close()));
		});

		it('answers get, set and delete', async () => {
			const store = await open();
			expect(await store.get('a')).toBeUndefined();
			await store.set('a', '1');
			expect(await store.get('a')).toBe('1');
			await store.set('a', '2');
			expect(await store.get('a')).toBe('2');
			await store.delete('a');
			expect(await store.get('a')).toBeUndefined();
			await store.delete('never-there');
			await store.set('empty', '');
			expect(await store.get('empty')).toBe('');
		});

		it('keeps keys and values of any characters apart and whole', async () => {
			const store = await open();
			const pairs: Array<[string, string]> = [
				['with space', 'a\nb\r\nc'],
				['line\nbreak', '{"json":"quoted \\" and \\\\"}'],
				['ünïcødé ✓ 🙂', 'ünïcødé ✓ 🙂'],
				['prefix:like/path', '$5\r\nRESP-looking\r\n'],
				['long', 'x'.repeat(100_000)],
			];
			for (const [key, value] of pairs) await store.set(key, value);
			for (const [key, value] of pairs) expect(await store.get(key)).toBe(value);
			expect(await store.get('with')).toBeUndefined();
			expect(await store.get('line')).toBeUndefined();
		});

		it('setIfAbsent claims absent keys in order, an earlier occurrence in the same list included', async () => {
			const store = await open();
			await store.set('b', 'kept');
			expect(await store.setIfAbsent(['a', 'b', 'a', 'c', 'b', 'c'], 'new', MINUTE)).toEqual([true, false, false, true, false, false]);
			expect(await store.get('b')).toBe('kept');
			expect(await store.get('c')).toBe('new');
			expect(await store.setIfAbsent(['a', 'd', 'd'], 'new', MINUTE)).toEqual([false, true, false]);
			expect(await store.setIfAbsent([], 'new', MINUTE)).toEqual([]);
		});

		it('lets a deleted key be claimed again, and set overwrites a claimed one', async () => {
			const store = await open();
			expect(await store.setIfAbsent(['claimed', 'overwritten'], 'first', MINUTE)).toEqual([true, true]);
			await store.delete('claimed');
			expect(await store.setIfAbsent(['claimed'], 'second', MINUTE)).toEqual([true]);
			expect(await store.get('claimed')).toBe('second');
			await store.set('overwritten', 'set');
			expect(await store.get('overwritten')).toBe('set');
			expect(await store.setIfAbsent(['overwritten'], 'third', MINUTE)).toEqual([false]);
		});

		it('expires keys at their time to live, and claims them again after', async () => {
			const store = await open();
			await store.set('short', 'x', ttlMs);
			expect(await store.setIfAbsent(['claimed'], '1', ttlMs)).toEqual([true]);
			await passAlmost(ttlMs);
			expect(await store.get('short')).toBe('x');
			expect(await store.setIfAbsent(['claimed'], '1', ttlMs)).toEqual([false]);
			await passTheRest();
			expect(await store.get('short')).toBeUndefined();
			expect(await store.setIfAbsent(['claimed'], '1', ttlMs)).toEqual([true]);
		});

		it('keeps a key set again without a time to live, and expires one set again with one', async () => {
			const store = await open();
			await store.set('made-permanent', 'x', ttlMs);
			await store.set('made-permanent', 'y');
			await store.set('made-expiring', 'x');
			await store.set('made-expiring', 'y', ttlMs);
			await store.set('forever', 'z');
			await passAlmost(ttlMs);
			expect(await store.get('made-expiring')).toBe('y');
			await passTheRest();
			expect(await store.get('made-permanent')).toBe('y');
			expect(await store.get('made-expiring')).toBeUndefined();
			expect(await store.get('forever')).toBe('z');
		});

		it('rounds a time to live with a fraction of a millisecond up', async () => {
			const store = await open();
			await store.set('fraction', 'x', ttlMs - 0.5);
			expect(await store.setIfAbsent(['fraction-claimed'], '1', 0.5)).toEqual([true]);
			await passAlmost(ttlMs);
			expect(await store.get('fraction')).toBe('x');
			await passTheRest();
			expect(await store.get('fraction')).toBeUndefined();
			expect(await store.setIfAbsent(['fraction-claimed'], '1', MINUTE)).toEqual([true]);
		});

		it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY])('refuses a time to live of %p, and keeps nothing', async (ttl) => {
			const store = await open();
			await expect(store.setIfAbsent(['a'], '1', ttl)).rejects.toThrow(/positive number of milliseconds/);
			await expect(store.setIfAbsent([], '1', ttl)).rejects.toThrow(/positive number of milliseconds/);
			await expect(store.set('a', '1', ttl)).rejects.toThrow(/positive number of milliseconds/);
			expect(await store.get('a')).toBeUndefined();
		});

		it('claims a thousand keys in one call', async () => {
			const store = await open();
			const keys = Array.from({ length: 1_000 }, (_, index) => `key-${index}`);
			expect(await store.setIfAbsent(keys, '1', MINUTE)).toEqual(keys.map(() => true));
			expect(await store.setIfAbsent([...keys, 'one-more'], '1', MINUTE)).toEqual([...keys.map(() => false), true]);
		});

		it('gives a key claimed by many overlapping calls to exactly one of them', async () => {
			const store = await open();
			const results = await Promise.all(Array.from({ length: 200 }, (_, index) => store.setIfAbsent(['shared', `own-${index}`], '1', MINUTE)));
			expect(results.filter(([shared]) => shared)).toHaveLength(1);
			expect(results.every(([, own]) => own)).toBe(true);
		});

		it('refuses changes once closed', async () => {
			const store = await open();
			await store.close();
			await expect(store.set('a', '1')).rejects.toThrow(/closed/);
		});

		const { openSharing } = backend;
		if (openSharing) {
			describe('shared by several n8n processes (one store each)', () => {
				/** Stores on the same data, the first opened as any other, the rest with openSharing. */
				const processes = async (count: number): Promise<ClosableKeyValueStore[]> => {
					const first = await open();
					const others = await Promise.all(Array.from({ length: count - 1 }, () => openSharing(first)));
					opened.push(...others);
					return [first, ...others];
				};

				it('lets each see what another set or deleted', async () => {
					const [one, other] = await processes(2);
					await one.set('contact', 'state');
					expect(await other.get('contact')).toBe('state');
					expect(await other.setIfAbsent(['contact'], 'other', MINUTE)).toEqual([false]);
					await other.delete('contact');
					expect(await one.get('contact')).toBeUndefined();
				});

				it('gives a key claimed at once by several of them to exactly one', async () => {
					const stores = await processes(4);
					const rounds = await Promise.all(
						Array.from({ length: 50 }, (_, round) => Promise.all(stores.map((store) => store.setIfAbsent([`event-${round}`], '1', MINUTE)))),
					);
					expect(rounds.map((round) => round.filter(([claimed]) => claimed).length)).toEqual(rounds.map(() => 1));
				});
			});
		}
	});
}
