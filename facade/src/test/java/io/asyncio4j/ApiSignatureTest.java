package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The public API, listed signature by signature and compared with the committed listing, so that no
 * public signature changes by accident. After an intended change, regenerate the listing with {@code
 * ./mvnw -pl facade test -Dtest=ApiSignatureTest -Dasyncio4j.api.update=true} and commit it.
 */
@Timeout(30)
class ApiSignatureTest {
    private static final Path LISTING = Paths.get("src/test/resources/api/asyncio4j-api.txt");

    @Test
    void publicApi_matchesCommittedListing() throws Exception {
        List<String> actual = listing();
        if (Boolean.getBoolean("asyncio4j.api.update")) {
            Files.write(LISTING, actual, StandardCharsets.UTF_8);
        }
        List<String> expected = Files.readAllLines(LISTING, StandardCharsets.UTF_8);
        assertEquals(
                String.join("\n", expected),
                String.join("\n", actual),
                "the public API changed: if on purpose, regenerate " + LISTING
                        + " with -Dasyncio4j.api.update=true and commit it");
    }

    @Test
    void publicApi_exposesNoKotlinAndNoInternalType() throws Exception {
        for (String line : listing()) {
            assertThat(line).doesNotContain("kotlin").doesNotContain("io.asyncio4j.internal");
        }
    }

    @Test
    void publicTypes_areFinalOrSealedOrInterfaces() throws Exception {
        for (Class<?> type : publicTypes()) {
            boolean ok = type.isInterface()
                    || type.isEnum()
                    || type.isRecord()
                    || Modifier.isFinal(type.getModifiers())
                    || type.isSealed();
            assertThat(ok)
                    .as(type + " must be final, sealed, a record, an enum or an interface")
                    .isTrue();
        }
    }

    static List<String> listing() throws IOException, URISyntaxException, ClassNotFoundException {
        List<String> lines = new ArrayList<>();
        for (Class<?> type : publicTypes()) {
            lines.add(describe(type));
            List<String> members = new ArrayList<>();
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (visible(c.getModifiers(), type)) {
                    members.add("  " + c.toGenericString());
                }
            }
            for (Method m : type.getDeclaredMethods()) {
                if (visible(m.getModifiers(), type) && !m.isSynthetic() && !m.isBridge()) {
                    members.add("  " + m.toGenericString());
                }
            }
            for (Field f : type.getDeclaredFields()) {
                if (visible(f.getModifiers(), type) && !f.isSynthetic()) {
                    members.add("  " + f.toGenericString());
                }
            }
            members.sort(null); // reflection returns members in no fixed order
            lines.addAll(members);
        }
        return lines.stream().map(l -> l.replace("java.lang.", "")).collect(Collectors.toList());
    }

    private static boolean visible(int modifiers, Class<?> type) {
        return Modifier.isPublic(modifiers)
                || (Modifier.isProtected(modifiers) && !Modifier.isFinal(type.getModifiers()));
    }

    private static String describe(Class<?> type) {
        // JDK 17 does not print "sealed" where JDK 21+ does; sealing is checked separately
        StringBuilder s = new StringBuilder(type.toGenericString().replace(" sealed ", " "));
        if (type.getGenericSuperclass() != null
                && type.getSuperclass() != Object.class
                && !type.isEnum()
                && !type.isRecord()) {
            s.append(" extends ").append(type.getGenericSuperclass().getTypeName());
        }
        if (type.getGenericInterfaces().length > 0) {
            s.append(type.isInterface() ? " extends " : " implements ")
                    .append(Arrays.stream(type.getGenericInterfaces())
                            .map(java.lang.reflect.Type::getTypeName)
                            .sorted()
                            .collect(Collectors.joining(", ")));
        }
        return s.toString();
    }

    static List<Class<?>> publicTypes() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Paths.get(
                Task.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path dir = root.resolve("io/asyncio4j");
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().collect(Collectors.toList())) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".class") || name.equals("module-info.class") || name.equals("package-info.class")) {
                    continue;
                }
                Class<?> type = Class.forName("io.asyncio4j." + name.substring(0, name.length() - 6));
                if (isPublicApi(type)) {
                    types.add(type);
                }
            }
        }
        types.sort((a, b) -> a.getName().compareTo(b.getName()));
        return types;
    }

    private static boolean isPublicApi(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
            if (!Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass() || t.isLocalClass()) {
                return false;
            }
        }
        return true;
    }
}
