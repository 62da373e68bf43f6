// Ends every jest run with the plain line CI reads: "tests: N passed, N failed".
class SummaryReporter {
	onRunComplete(_contexts, results) {
		const skipped = results.numPendingTests + results.numTodoTests;
		const suitesFailed = results.numRuntimeErrorTestSuites;
		const failed = results.numFailedTests + suitesFailed;
		process.stdout.write(
			`\ntests: ${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
		);
	}
}
module.exports = SummaryReporter;
