/**
 * One Graph API simulator for a whole test file: started before the file's first test, closed after its
 * last. The getters read the running one, so they can be handed to helpers before it starts.
 */
import { SimulatorClient } from '../../../../simulator/client';
import { startSimulator, type RunningSimulator, type SimulatorConfig } from '../../../../simulator/server';

export interface SimulatorPerFile {
	readonly simulator: RunningSimulator;
	readonly control: SimulatorClient;
}

export function simulatorPerFile(config: Partial<SimulatorConfig> = {}): SimulatorPerFile {
	let running: { simulator: RunningSimulator; control: SimulatorClient } | undefined;
	beforeAll(async () => {
		const simulator = await startSimulator(config);
		running = { simulator, control: new SimulatorClient(simulator.url) };
	});
	afterAll(async () => {
		await running?.simulator.close();
		running = undefined;
	});
	const current = () => {
		if (!running) throw new Error('The simulator runs only inside the tests of the file that asked for it');
		return running;
	};
	return {
		get simulator() {
			return current().simulator;
		},
		get control() {
			return current().control;
		},
	};
}
