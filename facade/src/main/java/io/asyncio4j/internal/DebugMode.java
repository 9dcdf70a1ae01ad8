package io.asyncio4j.internal;

/** Where debug mode's default comes from: {@code -Dasyncio4j.debug=true} or {@code ASYNCIO4J_DEBUG=1}. */
public final class DebugMode {
    private DebugMode() {}

    /** True when the system property or the environment variable turns debug mode on. */
    public static boolean fromEnvironment() {
        String property = System.getProperty("asyncio4j.debug");
        if (property != null) {
            return Boolean.parseBoolean(property);
        }
        String env = System.getenv("ASYNCIO4J_DEBUG");
        return env != null && !env.isEmpty() && !env.equals("0") && !env.equalsIgnoreCase("false");
    }
}
