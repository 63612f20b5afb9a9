/**
 * A deliberately broken worker for tests of the pool's failure handling. `HF_FAULTY_MODE` (read when the
 * task runs) picks: "throw" throws, "exit" ends the worker thread, "hang" never returns. Never used outside tests.
 */
export default function faulty(): Promise<never> | never {
  const mode = process.env.HF_FAULTY_MODE ?? 'throw';
  if (mode === 'exit') process.exit(3);
  if (mode === 'hang') {
    return new Promise<never>(() => {
      /* never settles */
    });
  }
  throw new Error('faulty worker: thrown on purpose');
}
