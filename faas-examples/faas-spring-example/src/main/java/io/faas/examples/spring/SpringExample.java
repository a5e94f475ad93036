package io.faas.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The smallest Spring Boot host app: {@code faas-spring-starter} and one Java function
 * ({@link Pricing}). Point it at Kafka and MongoDB with {@code faas.kafka.bootstrap-servers} and
 * {@code faas.mongo.uri}; it runs the function for every event on the {@code orders} topic.
 */
@SpringBootApplication
public class SpringExample {

    public static void main(String[] args) {
        SpringApplication.run(SpringExample.class, args);
    }
}
