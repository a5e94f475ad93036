package io.faas.spring.boot.autoconfigure.embedded;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/** Matches when the property that locates a server is not set, so an embedded one is needed. */
abstract class OnMissingServerCondition extends SpringBootCondition {

    private final String[] properties;

    OnMissingServerCondition(String... properties) {
        this.properties = properties;
    }

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        for (String property : properties) {
            if (!StringUtils.hasText(context.getEnvironment().getProperty(property))) {
                return ConditionOutcome.match(property + " is not set");
            }
        }
        return ConditionOutcome.noMatch(String.join(" and ", properties) + " set");
    }

    static final class Kafka extends OnMissingServerCondition {
        Kafka() {
            super("faas.kafka.bootstrap-servers");
        }
    }

    static final class Mongo extends OnMissingServerCondition {
        Mongo() {
            super("faas.mongo.uri");
        }
    }

    static final class Any extends OnMissingServerCondition {
        Any() {
            super("faas.kafka.bootstrap-servers", "faas.mongo.uri");
        }
    }
}
