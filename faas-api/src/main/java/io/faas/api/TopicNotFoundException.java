package io.faas.api;

/**
 * No topic with the given name is registered.
 *
 * @since 0.1
 */
public class TopicNotFoundException extends FaasException {
    private static final long serialVersionUID = 1L;
    private final String topic;

    public TopicNotFoundException(String topic) {
        super("topic '" + topic + "' does not exist");
        this.topic = topic;
    }

    /** Name of the topic that was looked up. */
    public String topic() {
        return topic;
    }
}
