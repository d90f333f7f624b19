/** The fake Anthropic API's own tests: the real @anthropic-ai/sdk driven against it over loopback HTTP. */
module.exports = require('../jest/preset')(__dirname, 'fake-anthropic');
