// Each spec file starts the real server on a freshly migrated database in its set-up: seconds, more
// on a loaded machine; a hook cut short leaves that server running into the next file. Set here
// because jest applies no project's `testTimeout` to hooks: they kept the 5 s default.
jest.setTimeout(60_000);
