package io.asyncio4j;

/**
 * The run was stopped by Ctrl-C: Python's {@code KeyboardInterrupt} as {@code asyncio.run} raises it.
 * {@link Asyncio#run} and {@link Runner#run} throw it when a SIGINT cancelled their main task and main
 * ended cancelled; by then main's {@code finally} blocks and {@code async with} exits have run, and
 * {@code Asyncio.run} has also cancelled and awaited the tasks main left behind.
 *
 * <pre>{@code
 * public static void main(String[] args) throws Exception {
 *   try {
 *     Asyncio.run(() -> serveForever());
 *   } catch (KeyboardInterrupt e) {
 *     System.out.println("stopped by Ctrl-C, cleanup done");
 *   }
 * }
 * }</pre>
 *
 * <p>Python's {@code KeyboardInterrupt} is a {@code BaseException}, which {@code except Exception}
 * does not catch. Java has no such family, so it is a {@link CancelledError}: a {@code catch (Exception
 * e)} catches it, and {@link CancelledError#rethrowIfCancelled(Throwable)} throws it on as it does every
 * cancellation. Its cause is the {@link CancelledError} main ended with. See {@link Asyncio#run} for
 * which runs handle Ctrl-C.
 */
public final class KeyboardInterrupt extends CancelledError {
    private static final long serialVersionUID = 1L;

    /** Creates the exception a run throws after Ctrl-C. */
    public KeyboardInterrupt() {
        super("KeyboardInterrupt: Ctrl-C (SIGINT) cancelled the main task");
    }
}
