package io.faas.logging.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.ILoggerFactory;
import org.slf4j.Marker;

/**
 * The Logback side of {@link QuietLogs#quietly(java.util.function.Supplier)}: drops INFO events
 * without an exception from the vendor loggers on quiet threads, unless the logger or a parent
 * (not the root) has a level set. Loaded only when Logback is the SLF4J back-end.
 */
final class QuietLogsFilter extends TurboFilter {

    private QuietLogsFilter() {
        setName("faas-quiet-logs");
    }

    /** Adds the filter to the context unless it is there; a reset of the context removes it. */
    static void installIn(ILoggerFactory factory) {
        LoggerContext context = (LoggerContext) factory;
        synchronized (QuietLogsFilter.class) {
            for (TurboFilter filter : context.getTurboFilterList()) {
                if (filter instanceof QuietLogsFilter) {
                    return;
                }
            }
            QuietLogsFilter filter = new QuietLogsFilter();
            filter.setContext(context);
            filter.start();
            context.addTurboFilter(filter);
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                              Throwable t) {
        // DEBUG and TRACE follow the configuration as they are: only INFO is in question.
        if (level != Level.INFO || !QuietLogs.isQuiet() || t != null || endsWithThrowable(params)) {
            return FilterReply.NEUTRAL;
        }
        String name = logger.getName();
        if (!isVendor(name) || configured(logger)) {
            return FilterReply.NEUTRAL;
        }
        return FilterReply.DENY;
    }

    static boolean isVendor(String name) {
        for (String prefix : QuietLogs.VENDOR) {
            if (name.startsWith(prefix) && (name.length() == prefix.length() || name.charAt(prefix.length()) == '.')) {
                return true;
            }
        }
        return false;
    }

    private static boolean configured(Logger logger) {
        if (logger.getLevel() != null) {
            return true;
        }
        LoggerContext context = logger.getLoggerContext();
        String name = logger.getName();
        for (int dot = name.lastIndexOf('.'); dot > 0; dot = name.lastIndexOf('.', dot - 1)) {
            Logger parent = context.exists(name.substring(0, dot));
            if (parent != null && parent.getLevel() != null) {
                return true;
            }
        }
        return false;
    }

    private static boolean endsWithThrowable(Object[] params) {
        return params != null && params.length > 0 && params[params.length - 1] instanceof Throwable;
    }
}
