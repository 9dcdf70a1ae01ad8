package io.asyncio4j.internal;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.ObjectName;
import javax.management.ReflectionException;

/**
 * The loops that ran in this JVM, and the JMX MBean {@code io.asyncio4j:type=EventLoops} that dumps
 * their task trees for tools outside the process ({@code jconsole}, JDK Mission Control, any JMX
 * client): operation {@code dumpTasks()} returns every open loop's live tasks as a tree, awaiters above
 * what they await, with what each body awaits and the line it awaits it at (asyncio's {@code python -m
 * asyncio pstree PID}). Registered on the platform MBean server the first time a loop runs; a dynamic
 * MBean, so the JMX introspector needs no access to this non-exported package. Loops are held weakly.
 */
public final class EventLoops implements DynamicMBean {
    /** The MBean's name. */
    public static final String OBJECT_NAME = "io.asyncio4j:type=EventLoops";

    private static final Map<Loop, Integer> LOOPS = Collections.synchronizedMap(new WeakHashMap<>());
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final AtomicBoolean REGISTERED = new AtomicBoolean();

    private EventLoops() {}

    /** Called when {@code loop} starts running: remembers it and registers the MBean once. */
    static void started(Loop loop) {
        LOOPS.computeIfAbsent(loop, l -> IDS.incrementAndGet());
        if (!REGISTERED.get() && REGISTERED.compareAndSet(false, true)) {
            try {
                ManagementFactory.getPlatformMBeanServer().registerMBean(new EventLoops(), new ObjectName(OBJECT_NAME));
            } catch (JMException | RuntimeException | LinkageError unavailable) {
                // no JMX here (a minimal runtime, a security policy): the dump stays reachable in-process
                Diagnostics.callbackFailed("registering the " + OBJECT_NAME + " MBean", unavailable);
            }
        }
    }

    /** Every open loop with live tasks, then the process-wide loop's tasks: headers and trees. */
    public static String dumpAll() {
        List<Map.Entry<Loop, Integer>> loops;
        synchronized (LOOPS) {
            loops = new ArrayList<>(LOOPS.entrySet());
        }
        loops.sort(Map.Entry.comparingByValue());
        StringBuilder out = new StringBuilder();
        for (Map.Entry<Loop, Integer> entry : loops) {
            append(out, entry.getKey(), "#" + entry.getValue());
        }
        append(out, Loop.global(), "(tasks started outside any run)");
        return out.length() == 0 ? "no live asyncio4j tasks\n" : out.toString();
    }

    private static void append(StringBuilder out, Loop loop, String id) {
        if (loop.isClosed()) {
            return;
        }
        String tree = AwaitGraph.tree(loop);
        if (!tree.isEmpty()) {
            out.append(loop).append(' ').append(id).append('\n').append(tree);
        }
    }

    // ---- DynamicMBean

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        if (attribute.equals("LoopCount")) {
            return LOOPS.size();
        }
        throw new AttributeNotFoundException(attribute);
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException(attribute.getName() + " is read-only");
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        AttributeList list = new AttributeList();
        for (String name : attributes) {
            if (name.equals("LoopCount")) {
                list.add(new Attribute(name, LOOPS.size()));
            }
        }
        return list;
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) throws ReflectionException {
        if (actionName.equals("dumpTasks") && (params == null || params.length == 0)) {
            return dumpAll();
        }
        throw new ReflectionException(new NoSuchMethodException(actionName), "unknown operation " + actionName);
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return new MBeanInfo(
                EventLoops.class.getName(),
                "asyncio4j's event loops: dump every live task tree",
                new MBeanAttributeInfo[] {
                    new MBeanAttributeInfo(
                            "LoopCount", "int", "loops that ran and were not collected yet", true, false, false)
                },
                null,
                new MBeanOperationInfo[] {
                    new MBeanOperationInfo(
                            "dumpTasks",
                            "every open loop's live tasks as a tree: awaiters above what they await, with the line"
                                    + " of each await",
                            new MBeanParameterInfo[0],
                            "java.lang.String",
                            MBeanOperationInfo.INFO)
                },
                null);
    }
}
