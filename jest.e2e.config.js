/** End-to-end: a real n8n with the packed package installed, driven against the Graph API simulator. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.tools.json' }] },
	globalSetup: '<rootDir>/test/e2e/harness/globalSetup.ts',
	globalTeardown: '<rootDir>/test/e2e/harness/globalTeardown.ts',
	maxWorkers: 1,
	testTimeout: 120000,
	reporters: ['default', '<rootDir>/test/support/summaryReporter.js'],
};
