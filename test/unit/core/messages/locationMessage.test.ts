import { LIMITS } from '../../../../core/limits';
import { buildLocationMessage, type LocationMessageInput } from '../../../../core/messages/locationMessage';
import { expectAcceptedBySpec, expectRefused, TO } from './helpers';

const built = (input: Omit<LocationMessageInput, 'to'>) => buildLocationMessage({ to: '16505551234', ...input });
const build = (input: Omit<LocationMessageInput, 'to'>) => built(input).body;

describe('buildLocationMessage', () => {
	it('builds a location with numbers, name and address', () => {
		expect(expectAcceptedBySpec(build({ latitude: 52.520008, longitude: 13.404954, name: 'Berlin', address: 'Pariser Platz, 10117 Berlin' }))).toStrictEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: TO,
			type: 'location',
			location: { latitude: 52.520008, longitude: 13.404954, name: 'Berlin', address: 'Pariser Platz, 10117 Berlin' },
		});
	});

	it('reports the coordinates as sent, and name and address when set', () => {
		expect(built({ latitude: ' 52.52 ', longitude: '13.4', name: 'Berlin', address: ' ' }).report).toStrictEqual({ latitude: 52.52, longitude: 13.4, name: 'Berlin' });
		expect(built({ latitude: 1, longitude: 2, address: 'Main St 1' }).report).toStrictEqual({ latitude: 1, longitude: 2, address: 'Main St 1' });
	});

	it('turns numeric strings into numbers and leaves out a blank name and address', () => {
		expect(expectAcceptedBySpec(build({ latitude: ' -33.8688 ', longitude: '+151', name: '', address: '  ' })).location).toStrictEqual({
			latitude: -33.8688,
			longitude: 151,
		});
	});

	it('accepts the exact bounds ±90 and ±180', () => {
		expect(LIMITS.latitude).toBe(90);
		expect(LIMITS.longitude).toBe(180);
		expect(expectAcceptedBySpec(build({ latitude: 90, longitude: -180 })).location).toStrictEqual({ latitude: 90, longitude: -180 });
		expect(expectAcceptedBySpec(build({ latitude: '-90', longitude: '180' })).location).toStrictEqual({ latitude: -90, longitude: 180 });
	});

	it.each([
		['latitude', { latitude: 90.000001, longitude: 0 }, 'latitude: must be between -90 and 90 (got 90.000001)'],
		['latitude', { latitude: '-91', longitude: 0 }, 'latitude: must be between -90 and 90 (got -91)'],
		['longitude', { latitude: 0, longitude: 180.000001 }, 'longitude: must be between -180 and 180 (got 180.000001)'],
		['longitude', { latitude: 0, longitude: -181 }, 'longitude: must be between -180 and 180 (got -181)'],
	] as const)('refuses %s out of range', (field, input, message) => {
		expectRefused(() => build(input), field, message);
	});

	it.each([
		['latitude', { latitude: '52,52', longitude: 13 }, 'latitude: must be a number in decimal degrees, with a dot as decimal separator (got "52,52")'],
		['longitude', { latitude: 52, longitude: '13.4 E' }, 'longitude: must be a number in decimal degrees, with a dot as decimal separator (got "13.4 E")'],
		['latitude', { latitude: Number.NaN, longitude: 13 }, 'latitude: must be a finite number (got NaN)'],
		['latitude', { latitude: '', longitude: 13 }, 'latitude: is required'],
		['longitude', { latitude: 52, longitude: undefined as unknown as number }, 'longitude: is required'],
	] as const)('refuses %s that is not a coordinate', (field, input, message) => {
		expectRefused(() => build(input), field, message);
	});
});
