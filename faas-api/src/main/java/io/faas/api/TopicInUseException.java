package io.faas.api;

import java.util.List;

/**
 * A topic cannot be deleted while functions are mapped to it.
 *
 * @since 0.1
 */
public class TopicInUseException extends FaasException {
    private static final long serialVersionUID = 1L;
    private final String topic;
    private final List<String> functions;

    public TopicInUseException(String topic, List<String> functions) {
        super("topic '" + topic + "' is used by functions " + functions);
        this.topic = topic;
        this.functions = List.copyOf(functions);
    }

    /** Name of the topic. */
    public String topic() {
        return topic;
    }

    /** Functions still mapped to the topic. */
    public List<String> functions() {
        return functions;
    }
}
