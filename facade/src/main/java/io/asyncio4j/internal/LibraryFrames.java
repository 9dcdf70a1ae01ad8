package io.asyncio4j.internal;

import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Tells asyncio4j's own stack frames from the user's, for diagnostics that point at user code (the line
 * of an {@code await}, the call that created a forgotten operation). A frame is ours when its class is
 * in {@code io.asyncio4j} (samples excluded) and was loaded from the library's own code source, so
 * user classes that share the package (tests, for one) still count as the user's.
 */
final class LibraryFrames {
    private static final String PREFIX = "io.asyncio4j.";
    private static final String SAMPLES = "io.asyncio4j.samples.";
    private static final String BODY = BodyCore.class.getName();
    private static final @Nullable URL OURS = location(LibraryFrames.class);
    private static final ConcurrentHashMap<String, Boolean> VERDICTS = new ConcurrentHashMap<>();

    private LibraryFrames() {}

    /** Whether {@code frame} is asyncio4j's own code. */
    static boolean isLibrary(StackTraceElement frame) {
        String name = frame.getClassName();
        if (!name.startsWith(PREFIX) || name.startsWith(SAMPLES)) {
            return false;
        }
        return VERDICTS.computeIfAbsent(name, LibraryFrames::loadedFromLibrary);
    }

    private static boolean loadedFromLibrary(String className) {
        if (OURS == null) {
            return true;
        }
        try {
            URL location = location(Class.forName(className, false, LibraryFrames.class.getClassLoader()));
            return location == null || OURS.equals(location);
        } catch (ClassNotFoundException | LinkageError unknown) {
            return true;
        }
    }

    private static @Nullable URL location(Class<?> cls) {
        ProtectionDomain domain = cls.getProtectionDomain();
        CodeSource source = domain == null ? null : domain.getCodeSource();
        return source == null ? null : source.getLocation();
    }

    private static boolean isPlatform(StackTraceElement frame) {
        String name = frame.getClassName();
        return name.startsWith("java.")
                || name.startsWith("jdk.")
                || name.startsWith("sun.")
                || name.startsWith("com.sun.")
                || name.startsWith("kotlin.")
                || name.startsWith("kotlinx.");
    }

    /**
     * The public operation that created a task, from its creation site: the last library frame before
     * the first user frame, as {@code Queue.put()}.
     */
    static String operation(CreationSite site) {
        StackTraceElement[] frames = site.getStackTrace();
        for (int i = 1; i < frames.length; i++) {
            if (!isLibrary(frames[i]) && isLibrary(frames[i - 1])) {
                StackTraceElement op = frames[i - 1];
                String cls = op.getClassName();
                return cls.substring(cls.lastIndexOf('.') + 1).replace('$', '.') + "." + op.getMethodName() + "()";
            }
        }
        return "an asyncio4j operation";
    }

    /**
     * The user's part of a task thread's stack: from the first frame outside asyncio4j that follows the
     * library and platform frames on top (the line of the {@code await}, or of the call that captured
     * it) down to the body's entry, where the task machinery starts.
     */
    static List<StackTraceElement> userFrames(StackTraceElement[] stack) {
        int start = 0;
        while (start < stack.length && (isLibrary(stack[start]) || isPlatform(stack[start]))) {
            start++;
        }
        if (start == stack.length) {
            start = 0; // nothing of the user's: show it all
        }
        return upToBody(stack, start);
    }

    /** The frames of a task thread's stack from {@code start} down to the body's entry, excluded. */
    static List<StackTraceElement> upToBody(StackTraceElement[] stack, int start) {
        List<StackTraceElement> frames = new ArrayList<>();
        for (int i = start; i < stack.length; i++) {
            if (stack[i].getClassName().equals(BODY) && stack[i].getMethodName().equals("run")) {
                break;
            }
            if (!stack[i].getClassName().contains("$$Lambda")) {
                frames.add(stack[i]); // a lambda's hidden class frame says nothing its method's frame does not
            }
        }
        return frames;
    }

    /** {@code frames}, one {@code "    at …"} line each. */
    static String format(List<StackTraceElement> frames) {
        StringBuilder text = new StringBuilder();
        for (StackTraceElement frame : frames) {
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append("    at ").append(describe(frame));
        }
        return text.toString();
    }

    /** {@code Class.method(File.java:42)}, without the module and loader prefixes of {@code toString()}. */
    static String describe(StackTraceElement frame) {
        String file = frame.getFileName();
        int line = frame.getLineNumber();
        String where = frame.isNativeMethod()
                ? "Native Method"
                : file == null ? "Unknown Source" : line >= 0 ? file + ":" + line : file;
        return frame.getClassName() + "." + frame.getMethodName() + "(" + where + ")";
    }
}
