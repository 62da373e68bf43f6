/** Unit tests: the pure core, the simulator and the nodes with n8n's real types; no n8n server. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.tools.json' }] },
	globalSetup: '<rootDir>/test/support/unitGlobalSetup.js',
	setupFiles: ['<rootDir>/test/support/unitTestSetup.ts'],
	setupFilesAfterEnv: ['<rootDir>/test/support/closeContactStateStores.ts'],
	reporters: ['default', '<rootDir>/test/support/summaryReporter.js'],
};
