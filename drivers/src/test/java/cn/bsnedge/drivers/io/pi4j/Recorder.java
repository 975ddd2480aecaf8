package cn.bsnedge.drivers.io.pi4j;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A recording fake of any Pi4J interface, built as a {@link Proxy}: every call (default methods
 * included, so the adapter cannot lean on a Pi4J default without it showing) is logged as
 * {@code name(args)} with byte arrays in hex, and answered by {@code answer}.
 */
final class Recorder {

    final List<String> calls = new ArrayList<>();

    <T> T fake(Class<T> type, BiFunction<String, Object[], Object> answer) {
        Object p = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, m, args) -> {
            Object[] a = args == null ? new Object[0] : args;
            calls.add(m.getName() + "(" + String.join(", ", Arrays.stream(a).map(Recorder::show).toList()) + ")");
            Object r = answer.apply(m.getName(), a);
            if (r == null && m.getReturnType() == int.class) {
                return 0;
            }
            if (r == null && m.getReturnType() == boolean.class) {
                return false;
            }
            return r;
        });
        return type.cast(p);
    }

    private static String show(Object o) {
        return o instanceof byte[] b ? HexFormat.of().formatHex(b) : String.valueOf(o);
    }
}
