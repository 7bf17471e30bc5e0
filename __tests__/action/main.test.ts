import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type * as coreModule from '@actions/core';

// Typed stand-ins for the @actions/core functions the action calls, registered before the action loads.
const core = {
  getInput: jest.fn<typeof coreModule.getInput>(),
  setFailed: jest.fn<typeof coreModule.setFailed>(),
  setOutput: jest.fn<typeof coreModule.setOutput>(),
  info: jest.fn<typeof coreModule.info>(),
  debug: jest.fn<typeof coreModule.debug>(),
  warning: jest.fn<typeof coreModule.warning>(),
  error: jest.fn<typeof coreModule.error>(),
  notice: jest.fn<typeof coreModule.notice>(),
  group: jest.fn(async <T>(_name: string, fn: () => Promise<T>): Promise<T> => fn()),
  summary: { addRaw: jest.fn(), write: jest.fn() }
};
jest.unstable_mockModule('@actions/core', () => core);
const { run } = await import('../../src/action/main.js');

afterEach(() => {
  jest.clearAllMocks();
});

describe('action/main: run', () => {
  it('importing the action module does not run it', () => {
    // runs first: the import above happened at load time, and nothing reached core
    expect(core.getInput).not.toHaveBeenCalled();
    expect(core.setFailed).not.toHaveBeenCalled();
  });

  it('turns a thrown non-Error value into setFailed with its text', async () => {
    core.getInput.mockImplementation(() => {
      throw 'the runner is gone';
    });
    await expect(run()).resolves.toBeUndefined();
    expect(core.setFailed).toHaveBeenCalledTimes(1);
    expect(core.setFailed).toHaveBeenCalledWith('kit-guard: the runner is gone');
    expect(core.setOutput).not.toHaveBeenCalled();
  });

  it('turns a thrown Error into setFailed with its message', async () => {
    core.getInput.mockImplementation(() => {
      throw new Error('Input required and not supplied: root');
    });
    await run();
    expect(core.setFailed).toHaveBeenCalledWith('kit-guard: Input required and not supplied: root');
  });

});
