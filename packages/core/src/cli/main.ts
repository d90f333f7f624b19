#!/usr/bin/env node
import { runCli } from './run-cli';
import { installStopHandlers } from './stop-handlers';
import { releaseHeldLocks } from '../write/project-lock';

const stopHandlers = installStopHandlers(releaseHeldLocks, { stderr: process.stderr });

runCli(process.argv.slice(2), { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    stopHandlers.dispose();
    process.exitCode = code;
  },
  (error: unknown) => {
    stopHandlers.dispose();
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
  },
);
