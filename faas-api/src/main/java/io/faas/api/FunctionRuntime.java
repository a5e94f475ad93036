package io.faas.api;

/**
 * The language a function is written in.
 *
 * @since 0.1
 */
public enum FunctionRuntime {
    /** A Python module with a handler function {@code def handler(event, context)}. */
    PYTHON,
    /** A {@link FunctionHandler} object registered in-process by the host application. */
    JAVA
}
