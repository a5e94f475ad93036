package io.faas.validation.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** "dictionary key repeated with different values", with Python's key equality (1 == 1.0 == True). */
final class DictKeys {
    private DictKeys() {
    }

    /** A Name used as a key. */
    private record Variable(String name) {
    }

    /** A key or value the check does not compare: equal only to itself. */
    private static final class Unhandled {
    }

    static void check(PyNode dict, FormatChecks.Reporter reporter) {
        List<PyNode> keyNodes = dict.list("keys");
        List<PyNode> valueNodes = dict.list("values");
        int n = keyNodes.size();
        if (n < 2) {
            return;
        }
        List<Object> keys = new ArrayList<>(n);
        for (PyNode k : keyNodes) {
            keys.add(value(k));
        }
        List<Object> distinct = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (Object k : keys) {
            int at = indexOf(distinct, k);
            if (at < 0) {
                distinct.add(k);
                counts.add(1);
            } else {
                counts.set(at, counts.get(at) + 1);
            }
        }
        for (int d = 0; d < distinct.size(); d++) {
            if (counts.get(d) < 2) {
                continue;
            }
            Object key = distinct.get(d);
            List<Integer> indices = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (pyEquals(keys.get(i), key)) {
                    indices.add(i);
                }
            }
            List<Object> values = new ArrayList<>();
            List<Integer> valueCounts = new ArrayList<>();
            for (int i : indices) {
                Object v = value(valueNodes.get(i));
                int at = indexOf(values, v);
                if (at < 0) {
                    values.add(v);
                    valueCounts.add(1);
                } else {
                    valueCounts.set(at, valueCounts.get(at) + 1);
                }
            }
            if (!valueCounts.contains(1)) {
                continue;
            }
            for (int i : indices) {
                if (key instanceof Variable v) {
                    reporter.report(keyNodes.get(i), "MultiValueRepeatedKeyVariable",
                            "dictionary key variable " + v.name() + " repeated with different values");
                } else {
                    reporter.report(keyNodes.get(i), "MultiValueRepeatedKeyLiteral",
                            "dictionary key " + PyRepr.of(key) + " repeated with different values");
                }
            }
        }
    }

    private static int indexOf(List<Object> list, Object o) {
        for (int i = 0; i < list.size(); i++) {
            if (pyEquals(list.get(i), o)) {
                return i;
            }
        }
        return -1;
    }

    static Object value(PyNode node) {
        if (node == null) {
            return new Unhandled();
        }
        if (node.is("Constant")) {
            Object v = node.values[0];
            if (v == PyConst.ELLIPSIS || v instanceof PyConst.Opaque) {
                return new Unhandled();
            }
            return v;
        }
        if (node.is("Tuple")) {
            List<Object> t = new ArrayList<>();
            for (PyNode e : node.list("elts")) {
                t.add(value(e));
            }
            return t;
        }
        if (node.is("Name")) {
            return new Variable(node.str("id"));
        }
        return new Unhandled();
    }

    private static boolean isNumber(Object o) {
        return o instanceof Long || o instanceof BigInteger || o instanceof Double || o instanceof Boolean
                || o instanceof PyConst.Complex;
    }

    static boolean pyEquals(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a instanceof Unhandled || b instanceof Unhandled) {
            return false;
        }
        if (isNumber(a) && isNumber(b)) {
            double ai = a instanceof PyConst.Complex c ? c.imag() : 0;
            double bi = b instanceof PyConst.Complex c ? c.imag() : 0;
            if (ai != bi) {
                return false;
            }
            return exact(a).compareTo(exact(b)) == 0;
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() != lb.size()) {
                return false;
            }
            for (int i = 0; i < la.size(); i++) {
                if (!pyEquals(la.get(i), lb.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static BigDecimal exact(Object o) {
        if (o instanceof Boolean b) {
            return b ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (o instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        if (o instanceof BigInteger bi) {
            return new BigDecimal(bi);
        }
        if (o instanceof PyConst.Complex c) {
            return real(c.real());
        }
        return real((Double) o);
    }

    private static BigDecimal real(double d) {
        if (Double.isInfinite(d) || Double.isNaN(d)) {
            return d > 0 ? BigDecimal.valueOf(Long.MAX_VALUE).pow(40) : BigDecimal.valueOf(Long.MIN_VALUE).pow(41);
        }
        return new BigDecimal(d);
    }
}
