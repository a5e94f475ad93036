package io.faas.testkit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class whose tests take {@link FaasTestServers}: a shorthand for
 * {@code @ExtendWith(FaasExtension.class)}.
 *
 * <pre>{@code
 * @FaasTest
 * class OrdersIT {
 *     @Test
 *     void publishes(FaasTestServers servers) {
 *         String topic = servers.uniqueName("orders");
 *         ... servers.kafkaBootstrapServers() ... servers.mongoUri() ...
 *     }
 * }
 * }</pre>
 *
 * @since 0.1
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(FaasExtension.class)
public @interface FaasTest {
}
