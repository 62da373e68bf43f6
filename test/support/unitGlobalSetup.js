const fs = require('fs');
const path = require('path');

/** Each unit test file keeps its contact-state store in a folder of its own here; a run starts with none. */
module.exports = async function clearUnitState() {
	fs.rmSync(path.join(__dirname, '..', '..', '.work', 'unit-state'), { recursive: true, force: true });
};
