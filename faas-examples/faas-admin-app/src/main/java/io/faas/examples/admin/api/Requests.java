package io.faas.examples.admin.api;

import io.faas.api.Names;
import io.faas.api.TopicNotFoundException;
import org.springframework.boot.convert.DurationStyle;

import java.time.Duration;

/** Checks of request values whose failure is the client's (400), in the API's words. */
final class Requests {

    private Requests() {
    }

    static <T> T require(T body, String what) {
        if (body == null) {
            throw new IllegalArgumentException("the request body must be " + what);
        }
        return body;
    }

    static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("'" + field + "' is required");
        }
        return value;
    }

    static int required(Integer value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("'" + field + "' is required");
        }
        return value;
    }

    /** A topic name from a path: one that cannot exist is simply not found. */
    static String topicName(String name) {
        if (!Names.isValidTopicName(name)) {
            throw new TopicNotFoundException(shown(name));
        }
        return name;
    }

    /** A duration as ISO-8601 ({@code PT30S}) or in Spring's short form ({@code 30s}). */
    static Duration duration(String text, String field) {
        try {
            return DurationStyle.detectAndParse(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + field + "' must be a duration such as PT30S or 30s, not '"
                    + shown(text) + "'");
        }
    }

    /** User text cut short for an error message. */
    static String shown(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }
}
