package io.asyncio4j.internal;

import io.asyncio4j.Task;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.jspecify.annotations.Nullable;

/**
 * Ctrl-C for a run, as asyncio's {@code Runner.run} handles SIGINT: the first one cancels the main
 * task (its {@code finally} blocks run, and the run then throws {@code KeyboardInterrupt}); a second one
 * puts the previous handler back and delivers the signal to it, by default the JVM's, which runs the
 * shutdown hooks and exits with status 130.
 *
 * <p>As in Python, where only a run on the main thread that finds the default handler in place takes
 * SIGINT, a run takes it only on the JVM's main thread (the one named {@code main} in the {@code main}
 * thread group, where {@code public static void main} starts) and only if the handler in place is the
 * JDK's own: a handler installed by the application or another library is left alone, an ignored
 * SIGINT stays ignored, and with {@code -Xrs} or without {@code sun.misc.Signal} nothing is installed.
 * A run on another thread (a server's request thread, a test worker, {@code exec:java}) never takes it,
 * so a Ctrl-C meant to stop the whole JVM is never swallowed by whichever run happens to be in
 * progress. Runs on the main thread cannot overlap (a run blocks its thread and refuses to nest), so at
 * most one run handles SIGINT at a time.
 *
 * <p>{@code sun.misc.Signal} (module {@code jdk.unsupported}, the same on JDK 17 and 25) is reached
 * through method handles, not named in the source: javac's "internal proprietary API" warning cannot
 * be suppressed and the build treats warnings as errors.
 */
public final class Sigint implements InvocationHandler {
    private static final String CANCEL_MESSAGE = "KeyboardInterrupt (Ctrl-C)";
    private static final @Nullable Api API = Api.load();

    /** {@code sun.misc.Signal} and {@code SignalHandler}, looked up once; null where unavailable. */
    private static final class Api {
        final Class<?> handlerType;
        final MethodHandle handle; // static SignalHandler handle(Signal, SignalHandler)
        final MethodHandle raise; // static void raise(Signal)
        final Object signal; // new Signal("INT")
        final Object ignore; // SignalHandler.SIG_IGN

        private Api(Class<?> handlerType, MethodHandle handle, MethodHandle raise, Object signal, Object ignore) {
            this.handlerType = handlerType;
            this.handle = handle;
            this.raise = raise;
            this.signal = signal;
            this.ignore = ignore;
        }

        static @Nullable Api load() {
            try {
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                Class<?> signalType = Class.forName("sun.misc.Signal");
                Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
                Object signal = lookup.findConstructor(signalType, MethodType.methodType(void.class, String.class))
                        .invoke("INT");
                MethodHandle handle = lookup.findStatic(
                        signalType, "handle", MethodType.methodType(handlerType, signalType, handlerType));
                MethodHandle raise =
                        lookup.findStatic(signalType, "raise", MethodType.methodType(void.class, signalType));
                Object ignore = lookup.findStaticGetter(handlerType, "SIG_IGN", handlerType)
                        .invoke();
                return new Api(handlerType, handle, raise, signal, ignore);
            } catch (Throwable unavailable) {
                return null; // no jdk.unsupported, or no SIGINT on this platform
            }
        }

        Object install(Object handler) throws Throwable {
            return handle.invoke(signal, handler);
        }
    }

    private final Api api;
    private final Object previous;
    private final Object proxy;
    private @Nullable Task<?> main;
    private int count;
    private boolean restored;

    private Sigint(Api api, Object previous) {
        this.api = api;
        this.previous = previous;
        this.proxy = Proxy.newProxyInstance(Sigint.class.getClassLoader(), new Class<?>[] {api.handlerType}, this);
    }

    /**
     * Takes SIGINT for a run starting on the calling thread, if this run should (see the class
     * documentation); returns null when it does not. Call {@link #watch} with the main task, then
     * {@link #restore} when the run is over.
     */
    public static @Nullable Sigint install() {
        Api api = API;
        if (api == null || !onMainThread()) {
            return null;
        }
        try {
            Sigint probe = new Sigint(api, api.ignore);
            Object previous = api.install(probe.proxy);
            if (previous == api.ignore || !isJdkHandler(previous)) {
                // ignored on purpose, or taken by the application: give it back untouched
                api.install(previous);
                return null;
            }
            Sigint installed = new Sigint(api, previous);
            api.install(installed.proxy);
            return installed;
        } catch (Throwable unavailable) {
            // -Xrs: "Signal already used by VM or OS"; run without Ctrl-C handling
            return null;
        }
    }

    /** Whether the calling thread is the JVM's main thread. */
    static boolean onMainThread() {
        Thread thread = Thread.currentThread();
        ThreadGroup group = thread.getThreadGroup();
        return "main".equals(thread.getName()) && group != null && "main".equals(group.getName());
    }

    /** The JVM's own handler (or the default action) rather than one the application installed. */
    private static boolean isJdkHandler(Object handler) {
        if (Proxy.isProxyClass(handler.getClass()) && Proxy.getInvocationHandler(handler) instanceof Sigint) {
            return false;
        }
        String module = handler.getClass().getModule().getName();
        return module != null && (module.startsWith("java.") || module.startsWith("jdk."));
    }

    /** The task that the first Ctrl-C cancels; a Ctrl-C that came before is delivered now. */
    public void watch(Task<?> mainTask) {
        boolean cancelNow;
        synchronized (this) {
            main = mainTask;
            cancelNow = count > 0;
        }
        if (cancelNow) {
            mainTask.cancel(CANCEL_MESSAGE);
        }
    }

    /** Whether a Ctrl-C arrived during the run. */
    public synchronized boolean interrupted() {
        return count > 0;
    }

    /** The proxy's methods: {@code SignalHandler.handle(Signal)} and those of {@code Object}. */
    @Override
    public @Nullable Object invoke(Object self, Method method, Object @Nullable [] args) throws Throwable {
        switch (method.getName()) {
            case "handle":
                onSignal();
                return null;
            case "equals":
                return args != null && self == args[0];
            case "hashCode":
                return System.identityHashCode(self);
            default:
                return toString();
        }
    }

    private void onSignal() throws Throwable {
        Task<?> cancel = null;
        synchronized (this) {
            if (!restored && count++ == 0) {
                cancel = main;
                if (cancel == null) {
                    return; // delivered by watch()
                }
            }
        }
        if (cancel != null && cancel.cancel(CANCEL_MESSAGE)) {
            return;
        }
        // a second Ctrl-C, or one arriving as the run ends: stop at once, as if we had never been here
        restore();
        api.raise.invoke(api.signal);
    }

    /** Puts the previous handler back, unless someone replaced ours meanwhile; idempotent. */
    public void restore() {
        synchronized (this) {
            if (restored) {
                return;
            }
            restored = true;
        }
        try {
            Object current = api.install(previous);
            if (current != proxy) {
                api.install(current); // replaced by the application during the run: keep theirs
            }
        } catch (Throwable impossible) {
            // it was installable a moment ago; nothing sensible is left to do
        }
    }

    @Override
    public String toString() {
        return "asyncio4j SIGINT handler (cancels the main task of the run on the main thread)";
    }
}
