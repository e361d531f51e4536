// scanwright/testing: helpers for testing a scanner plugin with any test runner. createTestSession
// builds a session on a SimulatedClock over bars the test writes, with a trading day started and
// the clock at a given instant; runHook calls a plugin's setup, scan or teardown with the
// ScanContext a session run would give it. Only here: the package entry "scanwright" is the API a
// plugin runs against, this subpath what its tests use.

export {
  type DeclaredIndicator,
  runHook,
  type ScanHookOptions,
  type SetupHookOptions,
  type TeardownHookOptions,
} from "./run-hook.js";
export {
  createTestSession,
  type TestBar,
  type TestBars,
  type TestInstant,
  type TestSession,
  type TestSessionOptions,
} from "./test-session.js";
