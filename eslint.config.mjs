import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import * as jsoncParser from 'jsonc-eslint-parser';
import tseslint from 'typescript-eslint';

const recommended = n8nCommunityNodesPlugin.configs.recommended;

export default tseslint.config(
	{ ignores: ['dist/**', '.build/**', '.work/**', 'node_modules/**', 'coverage/**'] },
	...tseslint.configs.recommended.map((config) => ({ ...config, files: ['**/*.ts', '**/*.js', '**/*.mjs'] })),
	{
		// n8n's rules for community nodes, on what ships in the package.
		...recommended,
		files: ['package.json', 'credentials/**/*.ts', 'nodes/**/*.ts', 'core/**/*.ts', 'state/**/*.ts'],
		rules: {
			...recommended.rules,
			// A declarative `test` request can only report the HTTP status text ("Unauthorized", "Bad Request":
			// measured in n8n 2.41). The credential is tested by the WhatsApp Cloud node's credentialTest method
			// instead (testedBy), which shows Meta's own error message and what to do about it.
			'@n8n/community-nodes/credential-test-required': 'off',
			// The project has no public repository or contact address yet; both are set before the first npm release.
			'@n8n/community-nodes/valid-author': 'off',
			'@n8n/community-nodes/require-homepage': 'off',
		},
	},
	{
		// The contact-state store keeps its SQLite file in n8n's user folder, found through the environment as n8n
		// finds it. n8n Cloud allows neither file system nor environment access to community nodes; this
		// package is for self-hosted n8n, and only this folder needs either.
		// It knows nothing of n8n either: the nodes that use it turn its errors into warnings, so n8n's error
		// classes have no place in it.
		files: ['state/**/*.ts'],
		rules: {
			'@n8n/community-nodes/no-restricted-imports': 'off',
			'@n8n/community-nodes/no-restricted-globals': 'off',
			'@n8n/community-nodes/require-node-api-error': 'off',
		},
	},
	{
		// n8n's package rules read package.json as a JSON document.
		files: ['package.json'],
		languageOptions: { parser: jsoncParser },
	},
	{
		files: ['**/*.js'],
		languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', process: 'readonly', exports: 'writable' } },
		rules: { '@typescript-eslint/no-require-imports': 'off' },
	},
);
