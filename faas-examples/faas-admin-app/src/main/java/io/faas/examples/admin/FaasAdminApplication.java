package io.faas.examples.admin;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The faas admin app: a REST API over topics, functions, events and the invocation ledger.
 * With no {@code faas.kafka.bootstrap-servers} / {@code faas.mongo.uri} it runs embedded servers
 * that keep their data in {@code ./faas-data}.
 */
@SpringBootApplication
public class FaasAdminApplication {

    public static void main(String[] args) {
        SpringApplication.run(FaasAdminApplication.class, args);
    }
}
