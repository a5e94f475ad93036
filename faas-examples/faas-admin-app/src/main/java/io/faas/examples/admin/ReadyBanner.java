package io.faas.examples.admin;

import io.faas.core.FaasSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.lang.management.ManagementFactory;

/** Prints where the app answers once it is ready, so the start command's output ends with a URL. */
@Component
class ReadyBanner implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(ReadyBanner.class);

    private final Environment environment;
    private final FaasSettings settings;

    ReadyBanner(Environment environment, FaasSettings settings) {
        this.environment = environment;
        this.settings = settings;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        log.info("faas admin is ready in {} ms at http://localhost:{}/ (Kafka {}, MongoDB {}, database {})", uptime, port,
                settings.kafkaBootstrapServers(), settings.mongoUri(), settings.mongoDatabase());
    }
}
