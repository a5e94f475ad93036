package io.faas.api;

/**
 * A topic with the given name already exists.
 *
 * @since 0.1
 */
public class DuplicateTopicException extends FaasException {
    private static final long serialVersionUID = 1L;
    private final String topic;

    public DuplicateTopicException(String topic) {
        super("topic '" + topic + "' already exists");
        this.topic = topic;
    }

    /** The name is taken in another form, such as a Kafka topic whose name collides with it. */
    public DuplicateTopicException(String topic, String reason) {
        super("topic '" + topic + "' " + reason);
        this.topic = topic;
    }

    /** Name that is taken. */
    public String topic() {
        return topic;
    }
}
