package io.faas.spring.boot;

import org.springframework.core.annotation.AliasFor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a Java faas function: a bean method, or a bean that implements
 * {@link io.faas.api.FunctionHandler}. Once every singleton is created, and before the
 * dispatcher starts, the starter registers it with
 * {@link io.faas.api.FunctionRegistry#register(io.faas.api.FunctionSpec, io.faas.api.FunctionHandler)};
 * from then on it runs for every event of its topics like any other function, and its runs are
 * recorded in the ledger.
 *
 * <pre>{@code
 * @Component
 * class Maths {
 *     @FaasFunction(name = "add", topics = "maths")
 *     int add(Map<String, Integer> event, FunctionContext context) {
 *         context.logger().info("adding");
 *         return event.get("a") + event.get("b");
 *     }
 * }
 * }</pre>
 *
 * <p>A method takes at most one event parameter and at most one
 * {@link io.faas.api.FunctionContext}, in any order. The event is the decoded JSON payload
 * (maps, lists, strings, numbers, booleans, null); a parameter of another type (a record, say)
 * receives the payload converted by Jackson. The return value is stored as the JSON result;
 * {@code void} stores {@code null}. An exception fails the attempt.
 *
 * <p>Topics: a topic that is not registered yet is created (one partition, KEY ordering) unless
 * {@code faas.functions.create-missing-topics=false}, in which case the start fails naming it.
 * The method is called on faas worker threads, possibly by several at once: it must be
 * thread-safe.
 *
 * @since 0.1
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface FaasFunction {

    /** Alias for {@link #name()}. */
    @AliasFor("name")
    String value() default "";

    /**
     * Function name, {@code [a-zA-Z][a-zA-Z0-9_-]{0,63}}; defaults to the method name, or for a
     * handler bean to the bean name.
     */
    @AliasFor("value")
    String name() default "";

    /** Topics whose events trigger the function; {@code ${...}} placeholders are resolved. */
    String[] topics() default {};

    /**
     * Content filter for the events of every topic, an Amazon EventBridge event pattern as JSON text
     * such as <code>{"type": ["created"]}</code> (see {@link io.faas.api.EventFilter}); empty takes every
     * event. {@code ${...}} placeholders are resolved.
     *
     * @since 0.2
     */
    String filter() default "";

    /**
     * Timeout of one attempt, as {@code 30s}, {@code 500ms} or ISO-8601 {@code PT30S}; empty takes
     * {@code faas.dispatcher.default-timeout}.
     */
    String timeout() default "";

    /** Attempts per invocation, 1 to 100; 0 takes {@code faas.dispatcher.max-attempts}. */
    int maxAttempts() default 0;

    /**
     * Most invocations of the function running at once in one instance, 1 to 10,000; 0 (the
     * default) sets no limit of its own (see {@link io.faas.api.FunctionSpec#maxConcurrency()}).
     *
     * @since 0.2
     */
    int maxConcurrency() default 0;

    /**
     * Topic that receives what the function returns; empty for none (see
     * {@link io.faas.api.Destinations}). {@code ${...}} placeholders are resolved; the topic is
     * created like the function's own topics.
     *
     * @since 0.2
     */
    String onSuccess() default "";

    /**
     * Topic that receives the failure document of an invocation that failed every attempt; empty
     * for none. {@code ${...}} placeholders are resolved.
     *
     * @since 0.2
     */
    String onFailure() default "";

    /**
     * Most events per call, 1 to 10,000; 1 (the default) calls the method once per event. Above 1
     * the method's event parameter gets a {@code List} of events (declare it as {@code List<T>})
     * and it returns a list of results in the same order; see {@link io.faas.api.Batching}.
     *
     * @since 0.2
     */
    int batchSize() default 1;

    /**
     * Longest a batch waits to fill after its first event, such as {@code 500ms}; at most 5 s, empty
     * for 0.
     *
     * @since 0.2
     */
    String batchWindow() default "";

    /** Executor to run on; empty lets faas choose ({@code java}). */
    String executor() default "";
}
